"""Staff pages outside the admin's own URLs (included under /admin/ in config/urls.py)."""

from staff.passwords import urlpatterns  # noqa: F401

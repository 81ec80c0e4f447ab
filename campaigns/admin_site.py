"""The admin site: Django's own, with campaign scope on the site-wide URLs that reach objects.

- "View on site" (`/admin/r/<content type id>/<object id>/`, Django's `shortcut` view) redirects
  to an object's public address only when this user's admin for that model shows the object.
  Each ModelAdmin's queryset already holds the campaign scope (`CampaignScopedAdminMixin`), so
  an organiser gets a 404 for another campaign's objects, drafts included, whose slugs would
  otherwise leak in the redirect. Superusers reach everything, as before.
- An id or a query parameter that cannot exist never becomes a 500: a NUL byte is in no stored
  value (PostgreSQL refuses it in a query outright), so an admin URL with one in its path
  answers 404 and query parameters with one are dropped (a GET is sent to the same page without
  them, which is how the admin treats other filter values it cannot use).

`ScopedAdminConfig` (in INSTALLED_APPS in place of "django.contrib.admin") makes this the site
behind `admin.site`, so every `admin.register` and `admin.site.admin_view` uses it.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext_lazy

NUL = "\x00"
MAX_ID = 2**63 - 1  # the largest id either database stores (a signed 64-bit integer)


def _has_nul(value):
    return NUL in str(value)


def as_id(value):
    """An id from a URL or a form, or None when no row can have it ("abc", "²", 10**30)."""
    if value.isascii() and value.isdigit() and int(value) <= MAX_ID:
        return int(value)
    return None


def could_be_pk(model, value):
    """Whether some row of `model` could have this primary key (without asking the database,
    which may answer with an error rather than nothing)."""
    try:
        value = model._meta.pk.to_python(value)
    except ValidationError:
        return False
    if isinstance(value, int):
        return abs(value) <= MAX_ID
    return not _has_nul(value)


def _refuse_nul(view):
    """`view`, answering 404 to a NUL byte in the URL's path and dropping query parameters
    that carry one."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if any(_has_nul(value) for value in (*args, *kwargs.values())):
            raise Http404
        bad = [
            key
            for key, values in request.GET.lists()
            if _has_nul(key) or any(_has_nul(v) for v in values)
        ]
        if bad:
            if request.method not in ("GET", "HEAD"):
                raise Http404
            kept = request.GET.copy()
            for key in bad:
                del kept[key]
            query = kept.urlencode()
            return HttpResponseRedirect(
                escape_uri_path(request.path) + (f"?{query}" if query else "")
            )
        return view(request, *args, **kwargs)

    return guarded


class ScopedAdminSite(admin.AdminSite):
    # The product's name, in both languages the same, in the header and every page's title.
    site_header = site_title = "Firmamos"
    index_title = gettext_lazy("Petitions, deliveries and updates")

    def admin_view(self, view, cacheable=False):
        return super().admin_view(_refuse_nul(view), cacheable)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        view_on_site = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [view_on_site, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.views import shortcut

        if not self._could_exist(content_type_id, object_id):
            raise Http404
        if not request.user.is_superuser and not self._shows(request, content_type_id, object_id):
            raise Http404
        try:
            return shortcut(request, content_type_id, object_id)
        except ValidationError:  # e.g. not a UUID, for a model keyed by one
            raise Http404 from None

    def _could_exist(self, content_type_id, object_id):
        """Whether the content type exists and a row of it could have this id."""
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError, TypeError, OverflowError):
            return False
        return model is not None and could_be_pk(model, object_id)

    def _shows(self, request, content_type_id, object_id):
        """Whether this user's admin for the model shows the object (scope included)."""
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except (ContentType.DoesNotExist, ValueError, TypeError):
            return False
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            return False
        return model_admin.get_object(request, object_id) is not None


class ScopedAdminConfig(AdminConfig):
    default_site = "campaigns.admin_site.ScopedAdminSite"

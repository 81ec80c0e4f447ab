from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    default = True
    name = "staff"
    verbose_name = _("Staff accounts")

    def ready(self):
        from staff import lockout  # noqa: F401  (sign-in logging receivers)


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose `admin.site` is the staff site: every admin page (and every
    `admin.site.admin_view`) asks for the second factor first."""

    default = False
    default_site = "staff.site.StaffAdminSite"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Emails, signed links, languages, client addresses and the audit log: used by every other
    app, using none of them."""

    name = "core"
    verbose_name = _("Audit")

    def ready(self):
        from core import audit  # noqa: F401  (connects the sign-in receivers)

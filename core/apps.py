from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Emails, signed links and languages: used by every other app, using none of them."""

    name = "core"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from petitions import (
            background,  # noqa: F401 - registers its jobs with core.jobs
            signer_emails,  # noqa: F401 - registers its emails with core.outbox
        )

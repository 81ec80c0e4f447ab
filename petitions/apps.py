from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from petitions import (  # noqa: F401
            background,  # registers its jobs with core.jobs
            deliveries,  # what a deleted delivery changes (petitions/rollup.py)
            signer_emails,  # registers its emails with core.outbox
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from petitions import deliveries, signer_emails  # noqa: F401

        # signer_emails registers its emails with core.outbox; deliveries, what a deleted
        # delivery changes (petitions/rollup.py).

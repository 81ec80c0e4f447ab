from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns.roles import sync_organisers_group

        post_migrate.connect(sync_organisers_group, dispatch_uid="firmamos-organisers-group")

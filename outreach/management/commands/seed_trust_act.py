from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns.models import Campaign
from outreach import seed_campaign as seed_content
from petitions.models import Petition
from petitions.seed_content import CAMPAIGN, PETITION


class Command(BaseCommand):
    help = (
        "Load the Connecticut Trust Act campaign (timeline, events, partners) and its 2018 "
        "petition in English and Spanish. "
        "Running it again changes nothing, and it never touches signatures."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        campaign_fields = {k: v for k, v in CAMPAIGN.items() if k != "slug"}
        campaign, campaign_created = Campaign.objects.get_or_create(
            slug=CAMPAIGN["slug"], defaults=campaign_fields
        )
        petition_fields = {k: v for k, v in PETITION.items() if k != "slug"}
        petition, petition_created = Petition.objects.get_or_create(
            slug=PETITION["slug"], defaults={**petition_fields, "campaign": campaign}
        )
        for obj, created in ((campaign, campaign_created), (petition, petition_created)):
            verb = "created" if created else "already there, left as it is"
            self.stdout.write(f"{obj._meta.verbose_name} {obj.slug}: {verb}")
        added = seed_content.load(campaign)
        self.stdout.write(", ".join(f"{kind} added: {n}" for kind, n in added.items()))

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns import admin_content  # noqa: F401  (events, updates, partners)
from campaigns.models import Campaign
from campaigns.roles import CampaignScopedAdminMixin


@admin.register(Campaign)
class CampaignAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    campaign_path = "pk"
    list_display = ("title", "slug", "is_published")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("organisers",)

    def get_readonly_fields(self, request, obj=None):
        # Only admins decide who organises a campaign and whether it is public.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "organisers", "is_published", "slug")

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

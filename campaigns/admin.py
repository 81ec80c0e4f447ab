from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns import admin_content  # noqa: F401  (events, updates, partners)
from campaigns.models import Campaign


@admin.register(Campaign)
class CampaignAdmin(TabbedTranslationAdmin):
    list_display = ("title", "slug", "is_published")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("organisers",)

"""Admin for a campaign's content: events and partners, each scoped to the organiser's campaigns.
(Updates, which may be emailed to a petition's signers, are in outreach/admin.py.)"""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns.models import Event, Partner
from campaigns.roles import CampaignScopedAdminMixin
from core.languages import localized

# Links typed without a scheme become https:// (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# Filters list only campaigns and petitions the organiser can see.
RELATED_ONLY = admin.RelatedOnlyFieldListFilter


@admin.register(Event)
class EventAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("title", "campaign", "starts_at", "place")
    list_filter = (("campaign", RELATED_ONLY),)
    date_hierarchy = "starts_at"
    search_fields = localized("title", "place")


@admin.register(Partner)
class PartnerAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("name", "campaign", "website", "position")
    list_filter = (("campaign", RELATED_ONLY),)
    list_editable = ("position",)
    search_fields = ("name",)

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from petitions.models import Petition, Signature


@admin.register(Petition)
class PetitionAdmin(TabbedTranslationAdmin):
    list_display = ("title", "campaign", "status", "signature_count", "opens_at", "closes_at")
    list_filter = ("status", "campaign")
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ("signature_count",)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("first_name", "last_name", "town", "language", "source", "signed_at")
    list_filter = ("petition", "language", "source")
    search_fields = ("first_name", "last_name", "email", "postal_code")
    date_hierarchy = "signed_at"

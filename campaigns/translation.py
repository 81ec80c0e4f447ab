from modeltranslation.translator import TranslationOptions, register

from campaigns.models import Campaign, Event, Partner
from core.languages import codes


@register(Campaign)
class CampaignTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "story")
    required_languages = {"default": ("title",)}


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "place")
    required_languages = codes()


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("description",)

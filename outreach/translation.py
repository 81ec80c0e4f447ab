from modeltranslation.translator import TranslationOptions, register

from core.languages import codes
from outreach.models import Update


@register(Update)
class UpdateTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = codes()

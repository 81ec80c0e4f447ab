from modeltranslation.translator import TranslationOptions, register

from outreach.models import Update


@register(Update)
class UpdateTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en", "es")

from modeltranslation.translator import TranslationOptions, register

from petitions.models import Delivery, Petition


@register(Petition)
class PetitionTranslationOptions(TranslationOptions):
    fields = ("title", "target", "statement", "background", "delivery_plan")
    # Spanish may be filled in later while a draft; Petition.clean() refuses to open without it.
    required_languages = {"en": ("title", "target", "statement")}


@register(Delivery)
class DeliveryTranslationOptions(TranslationOptions):
    # Shown on the public petition page in the page's language.
    fields = ("recipient",)

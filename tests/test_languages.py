"""The site's languages come from settings.LANGUAGES; a translated field read in SQL
(`core.languages.translated`) falls back exactly as modeltranslation's descriptor does."""

import itertools

import pytest
from django.utils import translation

from core.languages import autonyms, codes, fallback_order, localized, translated
from petitions.models import Delivery


def test_codes_are_the_settings_languages(settings):
    assert codes() == ("en", "es")
    settings.LANGUAGES = [("es", "Spanish"), ("en", "English"), ("fr", "French")]
    assert codes() == ("es", "en", "fr")


def test_autonyms_and_localized_columns():
    assert autonyms() == (("en", "English"), ("es", "Español"))
    assert localized("title", "place") == ("title_en", "title_es", "place_en", "place_es")


def test_fallback_order_follows_modeltranslations_setting(settings):
    assert fallback_order("en") == ("en", "es")
    assert fallback_order("es") == ("es", "en")
    settings.MODELTRANSLATION_FALLBACK_LANGUAGES = ("es",)
    assert fallback_order("en") == ("en", "es")


ENGLISH = [None, "", "General Assembly"]
SPANISH = [None, "", "Asamblea General"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_recipient_in_sql_is_the_recipient_modeltranslation_reads(petition, language):
    for english, spanish in itertools.product(ENGLISH, SPANISH):
        delivery = Delivery.objects.create(
            petition=petition, recipient_en=english or "", recipient_es=spanish
        )
        Delivery.objects.filter(pk=delivery.pk).update(recipient_en=english)
        delivery = Delivery.objects.get(pk=delivery.pk)
        with translation.override(language):
            expected = delivery.recipient or ""
            in_sql = (
                Delivery.objects.filter(pk=delivery.pk)
                .annotate(shown=translated("recipient"))
                .values_list("shown", flat=True)
                .get()
            )
        assert in_sql == expected, (english, spanish)
        explicit = Delivery.objects.filter(pk=delivery.pk).values_list(
            translated("recipient", language), flat=True
        )
        assert explicit.get() == expected

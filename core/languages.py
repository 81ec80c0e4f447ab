"""The site's languages, from `settings.LANGUAGES`, and a translated field read in SQL.

`codes()` is every language code in the settings' order ("en", "es"): forms, commands, the API and
the PDF list languages through it, never as a literal pair; `autonyms()` names each language in
itself ("Español"), `localized("title")` is a translated field's columns ("title_en", "title_es").

`translated(name, code)` is a django-modeltranslation field as its descriptor reads it
(`delivery.recipient` under `translation.override(code)`), as a query expression, for the places
that read it in a query (the CSV export's COPY, the API): the language's column, then the fallback
languages' (`MODELTRANSLATION_FALLBACK_LANGUAGES`, the rule modeltranslation documents: the
language's own fallbacks, then the "default" ones), skipping NULL and empty ones; '' when all are.
Python code reads the descriptor itself; tests/test_languages.py holds the two to the same answer.
"""

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language, get_language_info


def codes():
    """Every language code of the site, in the order of `settings.LANGUAGES`."""
    return tuple(code for code, _name in settings.LANGUAGES)


def autonyms():
    """(code, the language's name in itself) for each language: ("es", "Español")."""
    return tuple((code, get_language_info(code)["name_local"].capitalize()) for code in codes())


def localized(*names):
    """The translated fields' columns in every language: ("title_en", "title_es", ...)."""
    return tuple(f"{name}_{code}" for name in names for code in codes())


def active():
    """The active language's code, as modeltranslation reads it ("es-mx" is "es")."""
    code = get_language() or settings.LANGUAGE_CODE
    if code not in codes():
        code = code.split("-")[0]
    return code if code in codes() else settings.LANGUAGE_CODE


def fallback_order(code):
    """`code`, then the languages a translated field falls back to when it is empty in `code`."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    if isinstance(fallbacks, (list, tuple)):
        fallbacks = {"default": tuple(fallbacks)}
    order = (code, *fallbacks.get(code, ()), *fallbacks.get("default", ()))
    return tuple(dict.fromkeys(order))


def translated(name, code=None):
    """The translated field `name` in `code` (default: the active language), with fallbacks."""
    return Coalesce(
        *[NullIf(F(f"{name}_{each}"), Value("")) for each in fallback_order(code or active())],
        Value(""),
        output_field=TextField(),
    )

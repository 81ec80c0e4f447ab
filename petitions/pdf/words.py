"""Words in one or both of the site's languages, for PDFs that speak the language(s) asked for."""

from datetime import datetime

from django.utils import formats, timezone, translation

from core.languages import codes

LANGUAGE_CODES = codes()


def check_languages(languages):
    """A non-empty tuple of our language codes, in the order given; ValueError otherwise."""
    languages = tuple(dict.fromkeys(languages or ()))
    if not languages or any(code not in LANGUAGE_CODES for code in languages):
        raise ValueError(f"languages must be drawn from {LANGUAGE_CODES}, got {languages!r}")
    return languages


def in_languages(languages, text, sep=" / "):
    """`text` (a lazy string, or a function returning a string) rendered in each language, joined.

    The same words in both languages (a number, a name) are written once.
    """
    parts = []
    for code in languages:
        with translation.override(code):
            rendered = text() if callable(text) else str(text)
        if rendered not in parts:
            parts.append(rendered)
    return sep.join(parts)


def local_date(value):
    """The calendar date in Connecticut of a datetime (naive ones are taken as local already);
    a date is returned as it is."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def long_date(value):
    """A date the way the active language writes it: "March 2, 2018", "2 de marzo de 2018"."""
    return formats.date_format(local_date(value), "DATE_FORMAT")


def number(value):
    return formats.number_format(value, use_l10n=True, force_grouping=True)

"""Checks on what signers type, with errors a signer can act on."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible characters that can reorder or hide text (bidi overrides and isolates).
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What a browser or Django puts in place of bytes that are not valid UTF-8.
REPLACEMENT_CHARACTER = "\ufffd"
NAME_PUNCTUATION = set(" '’-.,")


def has_hidden_characters(value, allow_newlines=False):
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    for char in value:
        if char in allowed:
            continue
        if char in BIDI_CONTROLS or char == REPLACEMENT_CHARACTER:
            return True
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
            return True
    return False


def validate_name(value):
    """Letters in any script, spaces, apostrophes, hyphens, periods: José María Nuñez-Ortiz."""
    if has_hidden_characters(value):
        raise ValidationError(
            _("Please remove invisible or special characters."), code="hidden_characters"
        )
    for char in value:
        if char in NAME_PUNCTUATION or unicodedata.category(char)[0] in ("L", "M"):
            continue
        raise ValidationError(
            _("Please use only letters, spaces, apostrophes, hyphens and periods."),
            code="name_characters",
        )
    if not any(unicodedata.category(char)[0] == "L" for char in value):
        raise ValidationError(_("Please write your name with letters."), code="no_letters")


def validate_town(value):
    if has_hidden_characters(value):
        raise ValidationError(
            _("Please remove invisible or special characters."), code="hidden_characters"
        )
    for char in value:
        if char in NAME_PUNCTUATION or char.isdigit() or unicodedata.category(char)[0] in "LM":
            continue
        raise ValidationError(
            _("Please use only letters, numbers, spaces, apostrophes, hyphens and periods."),
            code="town_characters",
        )


def validate_comment(value):
    if has_hidden_characters(value, allow_newlines=True):
        raise ValidationError(
            _("Please remove invisible or special characters."), code="hidden_characters"
        )


def tidy_whitespace(value):
    """Collapse runs of spaces in a one-line field; keep the characters exactly as typed."""
    return re.sub(r"[ \t]+", " ", value).strip()

"""Find English catalogue strings in what a Spanish reader sees.

The needles are the msgids of locale/es/LC_MESSAGES/django.po whose Spanish differs (an empty or
fuzzy msgstr included: Django would show the English). Each is matched word by word, with its
placeholders standing for any text, case-sensitively and on word boundaries. A needle that also
occurs in the Spanish catalogue itself (a proper name such as "Firmamos", "ZIP" inside
"Código postal (ZIP)") proves nothing and is left out. Text marked with another `lang` (the
switcher's "English") is not Spanish and is not read.
"""

import functools
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^}]*\}")
TAG = re.compile(r"<[^>]+>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
# <meta content> that people read (in search results and link previews); the rest are codes.
READ_META = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}


def _needle(msgid):
    """A regex for msgid's words in order, its placeholders matching any text, or None."""
    text = html.unescape(TAG.sub(" ", msgid))
    parts = []
    for piece in PLACEHOLDER.split(text):
        words = re.findall(r"\w+", piece)
        if words:
            parts.append(r"\W+".join(re.escape(word) for word in words))
    if not parts or not re.search(r"[A-Za-z]{2}", text):
        return None
    # A placeholder stands for a short value: a count, a name, a date, a ZIP code.
    return re.compile(r"(?<!\w)" + r"\W+.{0,80}?\W*".join(parts) + r"(?!\w)", re.DOTALL)


def _pairs(entry):
    if entry.msgid_plural:
        forms = [entry.msgstr_plural.get(i, "") for i in sorted(entry.msgstr_plural)] or ["", ""]
        return [(entry.msgid, forms[0]), (entry.msgid_plural, forms[-1])]
    return [(entry.msgid, entry.msgstr)]


@functools.cache
def english_needles():
    """{msgid: regex} for every English catalogue string a Spanish page must not show."""
    po = polib.pofile(str(PO))
    entries = [e for e in po if not e.obsolete and e.msgctxt != "URL"]
    spanish = "\n".join(
        html.unescape(TAG.sub(" ", text))
        for entry in entries
        for _msgid, text in _pairs(entry)
        if text and "fuzzy" not in entry.flags
    )
    needles = {}
    for entry in entries:
        for msgid, msgstr in _pairs(entry):
            translated = msgstr and "fuzzy" not in entry.flags
            if translated and msgstr.strip() == msgid.strip():
                continue  # the same in both languages
            needle = _needle(msgid)
            if needle is not None and not needle.search(spanish):
                needles[msgid] = needle
    return needles


class _SpanishText(HTMLParser):
    """The text and readable attributes of the parts of a page in the page's language."""

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.stack = [("", language)]
        self.language = language
        self.chunks = []

    def _lang(self):
        return self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or self._lang()).split("-")[0]
        if lang == self.language:
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.chunks.append(attrs[name])
            if tag == "meta" and (attrs.get("name") or attrs.get("property")) in READ_META:
                self.chunks.append(attrs.get("content") or "")
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                self.chunks.append(attrs.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, "script" if tag in ("script", "style") else lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self._lang() == self.language:
            self.chunks.append(data)


def spanish_text(page_html, language="es"):
    """What a reader of `language` reads on the page: text and labels, not markup or scripts."""
    parser = _SpanishText(language)
    parser.feed(page_html)
    parser.close()
    return " ".join(" ".join(parser.chunks).split())


def english_in(text):
    """The English catalogue strings found in `text` (plain text; see spanish_text for HTML)."""
    return sorted(msgid for msgid, needle in english_needles().items() if needle.search(text))

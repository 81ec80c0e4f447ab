"""The Spanish catalogue is complete: nothing untranslated, nothing fuzzy, nothing left out."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _problems(po):
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_spanish_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(PO))
    assert len(po) > 50
    assert _problems(po) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_every_string_in_the_code_is_in_the_spanish_catalogue(tmp_path):
    """Extract the strings afresh (on a copy of the project) and find none untranslated."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv",
        ".git",
        "node_modules",
        "staticfiles",
        "media",
        ".test-media",
        "*.sqlite3*",
        "__pycache__",
        ".pytest_cache",
        "test-artifacts",
        ".hypothesis",
        "bench",
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "-i",
            "tests/*",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DEBUG": "True", "PATH": "/usr/bin:/bin"},
    )
    fresh = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert _problems(fresh) == [], "run `make makemessages` and translate these"


def test_translated_url_segments():
    from django.urls import reverse
    from django.utils import translation

    with translation.override("es"):
        assert reverse("petitions:thanks", kwargs={"slug": "s"}) == "/es/peticiones/s/gracias/"
        assert reverse("campaigns:detail", kwargs={"slug": "s"}) == "/es/campanas/s/"

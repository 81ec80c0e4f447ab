"""A gunicorn worker made ready before its first request (`post_worker_init` in gunicorn.conf.py).

Python's cyclic garbage collector, on its oldest generation, walks every tracked object the
process holds. A web worker holds tens of thousands from its start (modules, models, URL patterns,
compiled templates) that live as long as it does, so each such collection paused the worker, and
with gunicorn's threads all its requests at once: 52 ms measured in a worker that had served the
petition page and signatures (`gc.callbacks`, PostgreSQL, 600 signatures per side). Here the
worker does once what its first requests would do lazily (the URL patterns and their reverse maps
in each language, the translation catalogues, the site's templates), collects what that left,
and freezes the rest (`gc.freeze()`: never collected, never walked again). Measured the same way:
about 10 ms. What requests create later is collected as before.
"""

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger("firmamos.worker")


def _site_templates():
    """The names of the templates in TEMPLATES' DIRS (the apps' own are the admin's mostly)."""
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            yield path.relative_to(root).as_posix()


def warm_up():
    """Load what the first requests would: URL patterns, catalogues and templates. Returns how
    many templates were loaded."""
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sign")  # loads the catalogue
            resolver.reverse_dict  # noqa: B018 (built per language on first use)
    loaded = 0
    for name in _site_templates():
        try:
            get_template(name)
            loaded += 1
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            # A template that does not compile fails where it is used, as it would have; the
            # worker still starts.
            logger.warning("template %s not loaded at start: %s", name, error)
    return loaded


def prepare():
    templates = warm_up()
    gc.collect()
    gc.freeze()
    logger.info(
        "worker ready: %d templates loaded, %d objects frozen", templates, gc.get_freeze_count()
    )

"""The baseline's petition page: the app's own page, captured from the running server.

The bare template view (`bench.baseline.page`) must serve what the app serves, byte for byte but
for the CSRF token, or the comparison measures the pages' sizes as well as the code: the copy
checked in as bench/templates/bench/page.html was made when the page was smaller (12.0 KB against
13.4 KB in English and 14.2 KB in Spanish by November 2026). Each run therefore captures the
page, in each language, from the app it measures, at the count it is measured at, and writes it
as a static template: the page's text between `{% verbatim %}` tags, and `{% csrf_token %}` where
the page had its tokens, so that the baseline's view renders it fresh on each request as Django
does, with no query.
"""

import re
import urllib.request
from pathlib import Path

from bench.scenarios import APP_PATHS, app_url

TOKEN_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def as_template(html):
    """A static page as a Django template that renders the same page with a fresh CSRF token."""
    if "{% endverbatim %}" in html:
        raise ValueError("the page holds {% endverbatim %}: it cannot be kept verbatim")
    parts = TOKEN_INPUT.split(html)
    if len(parts) < 2:
        raise ValueError("the page has no CSRF token input: it is not the petition page")
    verbatim = [f"{{% verbatim %}}{part}{{% endverbatim %}}" for part in parts]
    return "{% csrf_token %}".join(verbatim)


def capture(server, slug, directory):
    """Write bench/page_<language>.html under `directory` from the app's page on `server`.

    Run before the baseline's page is first asked for: each server process keeps a template once
    it has loaded it (Django's cached template loader).
    """
    folder = Path(directory) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    for language in APP_PATHS:
        with urllib.request.urlopen(app_url(server, slug, language), timeout=60) as answer:  # noqa: S310
            html = answer.read().decode()
        (folder / f"page_{language}.html").write_text(as_template(html))

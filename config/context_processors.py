from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

OG_LOCALES = {"en": "en_US", "es": "es_US"}


def languages(request):
    """The same page in each language: for the switcher and the hreflang alternates."""
    path = request.get_full_path()
    current = get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "name": name,
                "name_local": get_language_info(code)["name_local"].capitalize(),
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "og_locale": OG_LOCALES[code],
                "current": code == current,
            }
        )
    return {
        "language_alternates": alternates,
        "og_locale": OG_LOCALES.get(current, "en_US"),
        "canonical_url": request.build_absolute_uri(request.path),
    }

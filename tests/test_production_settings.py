"""Production: `check --deploy` is clean with production variables, and the pages keep to the
Content Security Policy (no inline scripts, styles or event handlers)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import petition_url, thanks_url
from tests.trust_helpers import link_to, post, require_confirmation

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Q!p2#Lm9@vR4$wZ8&nB6*tY1^cF5%hJ0(dG3)" * 2,
    "ALLOWED_HOSTS": "firmamos.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://firmamos.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def _manage(*args, **env):
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_complain_when_https_is_turned_off():
    """The check above can fail: without the SSL redirect and HSTS, Django says so."""
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_production_settings_values():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER,"
        " s.STORAGES['staticfiles']['BACKEND'], 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)"
    )
    result = _manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
    ]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _assert_csp_clean(url, response):
    assert response.status_code in (200, 400, 404), url
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), url
    assert not INLINE_STYLE.search(html), url
    assert not EVENT_HANDLER.search(html), url
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'"):
        assert directive in policy, (url, policy)
    assert "unsafe-inline" not in policy


def test_every_public_page_satisfies_the_content_security_policy(client, petition, sign_data):
    require_confirmation(petition)
    from django.core import mail

    post(client, petition_url("es"), sign_data)
    confirmation = mail.outbox[-1]
    urls = [
        "/en/",
        "/es/",
        petition_url("en"),
        petition_url("es"),
        thanks_url("en"),
        thanks_url("es"),
        "/en/campaigns/connecticut-trust-act/",
        "/es/campanas/connecticut-trust-act/",
        "/en/privacy/",
        "/es/privacidad/",
        link_to(confirmation, "/confirmar/"),
        link_to(confirmation, "/retirar/"),
        "/es/peticiones/trust-act-2018/retirar/bad-token/",
    ]
    for url in urls:
        _assert_csp_clean(url, client.get(url))
    _assert_csp_clean("sign error", client.post(petition_url("es"), {**sign_data, "email": "x"}))


def test_the_abuse_review_page_satisfies_it_too(admin_client, petition):
    _assert_csp_clean("/admin/abuse/", admin_client.get("/admin/abuse/"))


@pytest.mark.parametrize(
    "path", sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("templates/**/*.html"))
)
def test_no_template_but_emails_has_inline_scripts_or_styles(path):
    if path.startswith("templates/emails/"):
        return  # email clients need inline styles; no CSP applies there
    text = (ROOT / path).read_text()
    assert not INLINE_SCRIPT.search(text), path
    assert not INLINE_STYLE.search(text), path
    assert not EVENT_HANDLER.search(text), path


def test_the_admin_loads_every_script_and_stylesheet_from_the_site(admin_client, petition):
    """The CSP allows no CDN: modeltranslation's jQuery UI comes from static/ too."""
    for url in ("/admin/", f"/admin/petitions/petition/{petition.pk}/change/"):
        html = admin_client.get(url).content.decode()
        sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)
        sources += re.findall(r'<link[^>]*\shref="([^"]+\.css)"', html)
        assert sources, url
        for source in sources:
            assert source.startswith("/") and not source.startswith("//"), (url, source)
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html

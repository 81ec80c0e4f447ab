"""Email in the recipient's language, sent by the email worker, never inside the request.

Every email NAME is three templates: `emails/NAME-subject.txt`, `emails/NAME-body.txt` and
`emails/NAME-body.html`. The apps queue emails by kind and ids (`core.outbox.enqueue`); when the
worker sends one, the app's handler builds it with `build_email`, in the recipient's language,
with a text and an HTML part.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path):
    """A link for an email: there is no request to build it from."""
    return f"{settings.SITE_URL}{path}"


def render_email(name, context, language):
    """Render (subject, text, html) of email `name` in `language`."""
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return " ".join(subject.split()), text, html


def build_email(name, to, context, language, headers=None):
    """Email `name` to `to` in `language`, with a text and an HTML part, ready to send."""
    subject, text, html = render_email(name, context, language)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message

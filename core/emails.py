"""Email in the recipient's language, sent by the task queue, never inside the request.

Every email NAME is three templates: `emails/NAME-subject.txt`, `emails/NAME-body.txt` and
`emails/NAME-body.html`. `send_email` queues it with the current transaction; the task renders
it in the given language and sends a text and an HTML part (`send_now`).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend


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


def send_now(name, to, context, language, headers=None):
    """Render email `name` in `language` and send it, with a text and an HTML part."""
    subject, text, html = render_email(name, context, language)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    message.send()


@task()
def deliver_email(name, to, context, language, headers=None):
    send_now(name, to, context, language, headers)


def _queue_is_in_the_database():
    return isinstance(task_backends["default"], DatabaseBackend)


def enqueue_on_commit(task_function, *args):
    """Queue a task to run only if the surrounding transaction commits.

    With the database queue, inside a transaction, the task row is written in that transaction
    (an outbox: the job commits or rolls back with what it is about, in one commit). Otherwise
    it is queued once the transaction commits.
    """
    if transaction.get_connection().in_atomic_block and _queue_is_in_the_database():
        task_function.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_function.enqueue(*args))


def send_email(name, to, context, language, headers=None):
    """Queue email `name` to `to`, to be sent only if the surrounding transaction commits.

    `context` must be JSON-serialisable (strings, numbers, lists, dicts): it travels through the
    task queue. Pass the URLs and words the email needs, not model instances.
    """
    enqueue_on_commit(deliver_email, name, to, context, language, headers or {})

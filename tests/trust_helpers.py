"""Helpers for the signer-trust tests: links in emails, a snapshot of every signature."""

import re

from django.test import TestCase

from petitions.models import Petition, Signature

LINK_RE = re.compile(r"https?://[^\s\"'<>]+")


def require_confirmation(petition):
    Petition.objects.filter(pk=petition.pk).update(requires_confirmation=True)
    petition.refresh_from_db()
    return petition


def links(message):
    """Every link in an email, from its text part and its HTML part."""
    html = message.alternatives[0][0] if message.alternatives else ""
    found = set(LINK_RE.findall(message.body)) | set(LINK_RE.findall(html))
    return {link.replace("&amp;", "&") for link in found}


def path_of(link, prefix="http://127.0.0.1:8000"):
    assert link.startswith(prefix), link
    return link[len(prefix) :]


def link_to(message, part):
    """The one link whose path contains `part` (e.g. '/confirm/', '/retirar/')."""
    matches = {link for link in links(message) if part in link}
    assert len(matches) == 1, (part, matches)
    return path_of(matches.pop())


def snapshot():
    """Every signature and petition count, to prove that something changed nothing."""
    rows = list(Signature.objects.order_by("pk").values())
    counts = [(p.pk, p.signature_count) for p in Petition.objects.order_by("pk")]
    return rows, counts


def assert_count_is_exact(petition):
    petition.refresh_from_db()
    assert petition.signature_count == Signature.objects.filter(petition=petition).counted().count()


def sending():
    """Run the on-commit callbacks (the queued emails) of what happens inside, as a real commit
    would: tests run inside a transaction that never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def post(client, url, data, **extra):
    with sending():
        return client.post(url, data, **extra)

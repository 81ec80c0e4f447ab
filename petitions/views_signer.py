"""Pages a signer reaches from an email: confirm or withdraw a signature; and the privacy page.

A link only shows a page with a button; the POST of that button acts. Mail scanners that open
every link in an email therefore change nothing.
"""

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core import tokens
from petitions import lifecycle, signer_emails
from petitions.models import Signature


def _find(slug, token, purpose):
    """(signature, problem): the signature the token names on this petition, or why not."""
    try:
        key = tokens.read(token, purpose)
    except tokens.Expired:
        return None, "expired"
    except tokens.Invalid:
        return None, "invalid"
    signature = (
        Signature.objects.select_related("petition").filter(link_key=key, petition__slug=slug)
    ).first()
    return (signature, None) if signature else (None, "invalid")


def _render(request, petition, state, status=200, **context):
    context = {"petition": petition, "state": state, **context}
    return render(request, "petitions/signer_link.html", context, status=status)


def link_problem(request, purpose, problem):
    """The answer to a link from an email whose token is "expired" (410) or "invalid" (404), for
    every purpose of core.tokens (the unsubscribe page answers with it too)."""
    status = 410 if problem == "expired" else 404
    return render(
        request,
        "petitions/signer_link_problem.html",
        {"purpose": purpose, "problem": problem},
        status=status,
    )


def _confirm_state(signature):
    if signature.withdrawn_at:
        return "withdrawn"
    if signature.invalidated_at:
        return "invalidated"
    return "already_confirmed" if signature.confirmed else "confirm"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_signature(request, slug, token):
    signature, problem = _find(slug, token, tokens.CONFIRM)
    if problem:
        return link_problem(request, tokens.CONFIRM, problem)
    petition = signature.petition
    if request.method == "POST":
        with transaction.atomic():  # the confirmation and its receipt's job commit together
            confirmed = lifecycle.confirm(signature.pk)
            if confirmed:
                signer_emails.send_receipt(signature)
        if confirmed:
            petition.refresh_from_db(fields=["count_base"])
            return _render(request, petition, "confirmed")
        signature.refresh_from_db()
    return _render(request, petition, _confirm_state(signature))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw_signature(request, slug, token):
    signature, problem = _find(slug, token, tokens.WITHDRAW)
    if problem:
        return link_problem(request, tokens.WITHDRAW, problem)
    petition = signature.petition
    if request.method == "POST" and lifecycle.withdraw(signature.pk):
        return _render(request, petition, "withdrawn_now")
    signature.refresh_from_db()
    return _render(request, petition, "already_withdrawn" if signature.withdrawn_at else "withdraw")


@require_safe
def privacy(request):
    context = {
        "retention_days": settings.RETENTION_DAYS,
        "abuse_review_days": settings.ABUSE_REVIEW_DAYS,
        "withdraw_link_days": settings.WITHDRAW_LINK_DAYS,
        "export_file_hours": settings.EXPORT_FILE_HOURS,
    }
    return render(request, "privacy.html", context)

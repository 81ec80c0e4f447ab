"""The unsubscribe page: GET only shows a button (mail scanners follow links), POST unsubscribes.

POST is exempt from CSRF: the signed token in the URL is the proof, and mail programs send the
RFC 8058 one-click POST (`List-Unsubscribe-Post`) without any cookie or form token. An expired or
invalid link gets the same answer as a confirm or withdraw link (410, 404).
"""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core import tokens
from petitions.models import Signature
from petitions.views_signer import link_problem


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        key = tokens.read(token, tokens.UNSUBSCRIBE)
    except tokens.Expired:
        return link_problem(request, tokens.UNSUBSCRIBE, "expired")
    except tokens.Invalid:
        return link_problem(request, tokens.UNSUBSCRIBE, "invalid")
    signature = Signature.objects.select_related("petition").filter(link_key=key).first()
    if signature is None or not signature.email:
        return _page(request, "gone")
    if request.method == "POST":
        Signature.objects.filter(pk=signature.pk).update(updates_opt_in=False)
        return _page(request, "done", signature)
    if not signature.updates_opt_in:
        return _page(request, "already", signature)
    return _page(request, "confirm", signature)


def _page(request, state, signature=None):
    context = {"state": state, "petition": signature.petition if signature else None}
    return render(request, "campaigns/unsubscribe.html", context)

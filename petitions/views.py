from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from petitions import (
    og_image,
    open_petitions,
    page_cache,
    ratelimit,
    signer_emails,
    signing,
    thanks,
)
from petitions.forms import SignatureForm
from petitions.models import Petition, Signature

RECENT_SIGNERS = 10


def _visible_petition(slug):
    petitions = Petition.objects.visible().select_related("campaign")
    return get_object_or_404(petitions, slug=slug)


def _page(request, petition, form, status=200, csrf_token=None):
    if petition.get_deferred_fields():  # loaded for signing; the page shows everything
        petition = _visible_petition(petition.slug)
    recent = (
        Signature.objects.public()
        .filter(petition=petition)
        .only("first_name", "last_name", "town", "signed_at")[:RECENT_SIGNERS]
    )
    closed_reason = petition.closed_reason()
    context = {
        "petition": petition,
        "form": form,
        "closed_reason": closed_reason,
        "recent_signers": recent,
        "description": og_image.describe(petition.statement),
        # The language switcher carries what was typed (templates/base.html).
        "switch_form": None if closed_reason else "sign-form",
    }
    if csrf_token:
        context["csrf_token"] = csrf_token
    if csrf_token == page_cache.CSRF_PLACEHOLDER and not form.is_bound and not form.initial:
        context["blank_form_html"] = page_cache.blank_form(form, request)
    return render(request, "petitions/petition_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def petition_detail(request, slug):
    if request.method != "POST":
        return page_cache.cached_page(
            request,
            lambda token: _page(
                request, _visible_petition(slug), SignatureForm(request=request), 200, token
            ),
        )
    if "switch_language" in request.POST:
        return _switched_language(request, slug)
    petition = open_petitions.for_signing(slug)
    if not petition.is_accepting_signatures():  # a refusal goes by what the database says now
        petition = open_petitions.for_signing(slug, fresh=True)
        if not petition.is_accepting_signatures():
            return _page(
                request, petition, SignatureForm(request=request, petition=petition), status=409
            )
    form = SignatureForm(request.POST, request=request, petition=petition)
    if form.looks_automated():
        # Answered like a signature, so that the script learns nothing; nothing is stored.
        return _to_thanks(request, petition, form)
    if not form.is_valid():
        return _page(request, petition, form, status=400)
    if form.needs_answer():  # "06106 is Hartford, CT — is that right?"
        return _page(request, petition, form)
    ip = signing.client_ip(request)
    ip_hash = signing.hash_ip(ip)
    if not ratelimit.allow(petition.pk, ip_hash):
        return _rate_limited(request, petition, form)
    for fresh in (False, True):
        if fresh:  # the copy read a few seconds ago was out of date
            petition = open_petitions.for_signing(slug, fresh=True)
            if not petition.is_accepting_signatures():
                return _page(request, petition, SignatureForm(request=request), status=409)
        try:
            signature, created = signing.sign(
                petition,
                form.signature_data(),
                language=get_language(),
                ip=ip,
                ip_hash=ip_hash,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                notify=True,
                only_if_open=True,
            )
        except signing.PetitionChanged:
            continue
        _tell_signer(request, petition, signature, created)
        return _to_thanks(request, petition, form)
    # Changed again between reading it and signing, a moment apart: the signer sends it again.
    return _page(request, petition, form, status=409)


def _switched_language(request, slug):
    """The page in the language switched to (this request's), with what the signer had typed
    carried in the request itself: nothing checked, stored or logged; a fresh fill-time stamp."""
    carried = {name: request.POST.get(name, "") for name in SignatureForm.TYPED}
    carried.update({name: name in request.POST for name in SignatureForm.TICKED})
    form = SignatureForm(initial=carried, request=request)
    return _page(request, _visible_petition(slug), form)


def _rate_limited(request, petition, form):
    form.add_error(
        None,
        _(
            "We received many signatures from your connection in a short time. "
            "Please wait a minute and press “Sign the petition” again."
        ),
    )
    response = _page(request, petition, form, status=429)
    response["Retry-After"] = str(ratelimit.retry_after())
    return response


def _tell_signer(request, petition, signature, created):
    """The same answer whether or not the address had signed (nothing on the page may tell a
    stranger who signed); a repeated signer is told by email (signer_emails.after_repeat)."""
    if not created:
        signer_emails.after_repeat(signature, petition)
    if petition.requires_confirmation:  # the thanks page itself says thank you otherwise
        messages.success(
            request,
            _(
                "Almost done: your signature counts once you confirm it with the link "
                "we just emailed you."
            ),
        )


def _to_thanks(request, petition, form):
    """The thanks page, for this browser only (petitions/thanks.py): the same for a new and a
    repeated signer."""
    return thanks.remember(redirect("petitions:thanks", slug=petition.slug), petition, form)


@require_http_methods(["GET", "HEAD"])
def petition_thanks(request, slug):
    petition = _visible_petition(slug)
    signed = thanks.recall(request, petition)
    if signed is None:  # not this browser's signature: the petition is the page to read
        return redirect(petition)
    share_url = request.build_absolute_uri(petition.get_absolute_url())
    return render(
        request,
        "petitions/petition_thanks.html",
        # The page to share and to index is the petition, not this one.
        {
            "petition": petition,
            "share_url": share_url,
            "signed": signed,
            "canonical_url": share_url,
            "description": og_image.describe(petition.statement),
            # What a friend reads first in WhatsApp or an email: an ask, then the link.
            "ask": _("I signed “%(title)s”. Will you sign too?") % {"title": petition.title},
        },
    )


@require_http_methods(["GET", "HEAD"])
@cache_control(public=True, max_age=300)
def petition_image(request, slug):
    """The link preview's image in the page's language (petitions/og_image.py)."""
    petition = _visible_petition(slug)
    return HttpResponse(og_image.png(petition, get_language()), content_type="image/png")

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from petitions import signing
from petitions.forms import SignatureForm
from petitions.models import Petition, Signature
from petitions.page_cache import cached_page

RECENT_SIGNERS = 10


# Storing a signature never reads these long texts (in each language); loading them, with the
# campaign, took a third of a worker's time under load (py-spy, bench/).
UNUSED_WHEN_SIGNING = [
    f.name for f in Petition._meta.concrete_fields if f.name.startswith(("background", "delivery"))
]


def _visible_petition(slug, signing=False):
    petitions = Petition.objects.exclude(status=Petition.Status.DRAFT)
    if signing:
        petitions = petitions.defer(*UNUSED_WHEN_SIGNING)
    else:
        petitions = petitions.select_related("campaign")
    return get_object_or_404(petitions, slug=slug)


def _page(request, petition, form, status=200, csrf_token=None):
    if petition.get_deferred_fields():  # loaded for signing; the page shows everything
        petition = _visible_petition(petition.slug)
    recent = (
        Signature.objects.public()
        .filter(petition=petition)
        .only("first_name", "last_name", "town", "signed_at")[:RECENT_SIGNERS]
    )
    context = {
        "petition": petition,
        "form": form,
        "closed_reason": petition.closed_reason(),
        "recent_signers": recent,
    }
    if csrf_token:
        context["csrf_token"] = csrf_token
    return render(request, "petitions/petition_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def petition_detail(request, slug):
    if request.method != "POST":
        return cached_page(
            request,
            lambda token: _page(request, _visible_petition(slug), SignatureForm(), 200, token),
        )
    petition = _visible_petition(slug, signing=True)
    if not petition.is_accepting_signatures():
        return _page(request, petition, SignatureForm(), status=409)
    form = SignatureForm(request.POST)
    if not form.is_valid():
        return _page(request, petition, form, status=400)
    signature, created = signing.sign(
        petition,
        form.signature_data(),
        language=get_language(),
        ip=signing.client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if created:
        messages.success(request, _("Thank you for signing!"))
    else:
        messages.info(
            request,
            _(
                "This email address has already signed this petition. "
                "It is counted once — thank you!"
            ),
        )
    return redirect("petitions:thanks", slug=petition.slug)


def petition_thanks(request, slug):
    petition = _visible_petition(slug)
    share_url = request.build_absolute_uri(petition.get_absolute_url())
    return render(
        request,
        "petitions/petition_thanks.html",
        {"petition": petition, "share_url": share_url},
    )

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from campaigns.models import Campaign
from petitions.models import Petition


def _listed_petitions():
    return Petition.objects.exclude(status=Petition.Status.DRAFT).order_by("-status", "-created_at")


def home(request):
    campaigns = Campaign.objects.published().prefetch_related(
        Prefetch("petitions", queryset=Petition.objects.open(), to_attr="open_petitions")
    )
    return render(
        request,
        "home.html",
        {
            "campaigns": [c for c in campaigns if c.open_petitions],
            "petitions": Petition.objects.open().select_related("campaign"),
        },
    )


def campaign_detail(request, slug):
    campaign = get_object_or_404(
        Campaign.objects.published().prefetch_related(
            Prefetch("petitions", queryset=_listed_petitions(), to_attr="listed_petitions")
        ),
        slug=slug,
    )
    return render(request, "campaigns/campaign_detail.html", {"campaign": campaign})

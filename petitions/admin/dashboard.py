"""The organizer's page for a petition, and a campaign's petitions with the same headline figures.

Fast at a million signatures: the count is the petition's own (kept by petitions/lifecycle.py);
today and this week are index range scans on (petition, signed_at); the figures that read every
signature (by day, town and language, and what is in no delivery yet) are computed at most once
every DASHBOARD_CACHE_SECONDS per petition, in the shared cache, and the page says as of when.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.db.models.functions import TruncDate
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.roles import campaigns_for
from petitions.admin import stats
from petitions.models import Delivery, Petition, Signature


def _counted(petition):
    return Signature.objects.filter(petition=petition).counted()


def live_figures(petition, now=None):
    """Cheap on any petition: the stored count and two range scans of the (petition, signed_at)
    index."""
    now = timezone.localtime(now or timezone.now())
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week = today - datetime.timedelta(days=today.weekday())  # since Monday
    counted = _counted(petition)
    deliveries = Delivery.objects.filter(petition=petition).values("status")
    by_status = {
        row["status"]: row for row in deliveries.annotate(n=Count("pk"), s=Sum("signature_count"))
    }
    delivered = by_status.get(Delivery.Status.DELIVERED, {})
    planned = by_status.get(Delivery.Status.PLANNED, {})
    return {
        "count": petition.signature_count,
        "goal": petition.current_goal,
        "percent": petition.progress_percent,
        "today": counted.filter(signed_at__gte=today).count(),
        "week": counted.filter(signed_at__gte=week).count(),
        "deliveries": delivered.get("n", 0),
        "delivered": delivered.get("s") or 0,
        "planned_deliveries": planned.get("n", 0),
        "planned": planned.get("s") or 0,
    }


def _one_scan(petition):
    """Per day, town, language and "in no delivery yet" from a single pass over the petition's
    counted signatures (one GROUP BY; four separate ones took twice as long at a million)."""
    groups = (
        _counted(petition)
        .annotate(
            day=TruncDate("signed_at", tzinfo=timezone.get_current_timezone()),
            loose=ExpressionWrapper(Q(delivery__isnull=True), output_field=BooleanField()),
        )
        .values_list("day", "town", "state", "language", "loose")
        .annotate(n=Count("pk"))
        .order_by()
    )
    days, towns, languages, undelivered = Counter(), Counter(), Counter(), 0
    for day, town, state, language, loose, n in groups.iterator():
        days[day] += n
        towns[(town, state)] += n
        languages[language] += n
        undelivered += n if loose else 0
    labels = dict(Signature.Language.choices)
    by_town = sorted(towns.items(), key=lambda item: (-item[1], item[0][0]))[: stats.TOWNS_SHOWN]
    return {
        "by_language": [
            {"label": labels.get(code, code), "n": n} for code, n in languages.most_common()
        ],
        "by_town": [{"town": town, "state": state, "n": n} for (town, state), n in by_town],
        "chart": stats.chart(dict(days)),
        "undelivered": undelivered,
    }


def slow_figures(petition):
    """What reads every signature, cached for DASHBOARD_CACHE_SECONDS."""
    key = f"petition-dashboard:{petition.pk}"
    figures = cache.get(key)
    if figures is None:
        figures = {**_one_scan(petition), "as_of": timezone.now()}
        cache.set(key, figures, settings.DASHBOARD_CACHE_SECONDS)
    return figures


def actions(user, petition):
    """The links an organizer may follow from here, by permission (campaigns/roles.py)."""
    links = []
    if user.has_perm("petitions.view_signature"):
        links.append(("export", _("Export signatures")))
    if user.has_perm("petitions.add_delivery"):
        links.append(("delivery", _("Prepare a delivery")))
    if user.has_perm("petitions.add_signature"):
        links.append(("paper", _("Enter paper signatures")))
        links.append(("sheet", _("Print signature sheets (PDF)")))
    if user.has_perm("outreach.add_update"):
        links.append(("update", _("Write an update")))
    if user.has_perm("petitions.change_petition"):
        links.append(("edit", _("Edit the petition")))
    return links


def petition_dashboard(model_admin, request, object_id):
    if not request.user.has_perm("petitions.view_petition"):
        raise PermissionDenied
    petition = model_admin.get_object(request, object_id)  # scoped to the user's campaigns
    if petition is None:
        raise Http404
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": petition,
        "title": _("Dashboard: %(petition)s") % {"petition": petition},
        "live": live_figures(petition),
        "stats": slow_figures(petition),
        "actions": actions(request.user, petition),
    }
    return TemplateResponse(request, "admin/petitions/petition/dashboard.html", context)


def campaign_dashboard(model_admin, request, campaign_id):
    """A campaign's petitions, each with its headline figures."""
    if not request.user.has_perm("petitions.view_petition"):
        raise PermissionDenied
    campaign = (
        campaigns_for(request.user).filter(pk=campaign_id).first()
        if campaign_id.isdigit()
        else None
    )
    if campaign is None:
        raise Http404
    petitions = Petition.objects.filter(campaign=campaign).order_by("-opens_at", "pk")
    rows = [{"petition": p, "live": live_figures(p)} for p in petitions]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "campaign": campaign,
        "title": _("Petitions of %(campaign)s") % {"campaign": campaign},
        "rows": rows,
    }
    return TemplateResponse(request, "admin/petitions/petition/campaign_dashboard.html", context)

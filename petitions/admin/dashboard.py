"""The organizer's page for a petition, and a campaign's petitions with the same headline figures.

Fast at a million signatures, and exact: the count is the petition's own (kept by
petitions/lifecycle.py); everything per day (today, this week, the chart, by town, by language,
"in no delivery yet") comes from the closed days' stored figures plus a range scan of the
(petition, signed_at) index for the signatures since the last closed day (petitions/rollup.py).
No figure reads every signature, so nothing is cached.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.roles import campaigns_for
from petitions.admin import stats
from petitions.models import Delivery, Petition


def headline(petition, days, now):
    """The count and goal, today and this week (from `days`, {local date: count}), and the
    deliveries (a GROUP BY over the petition's few deliveries)."""
    today = timezone.localtime(now).date()
    monday = today - datetime.timedelta(days=today.weekday())
    by_status = {
        row["status"]: row
        for row in Delivery.objects.filter(petition=petition)
        .order_by()  # not by the model's ordering: one row per status
        .values("status")
        .annotate(n=Count("pk"), s=Sum("signature_count"))
    }
    delivered = by_status.get(Delivery.Status.DELIVERED, {})
    planned = by_status.get(Delivery.Status.PLANNED, {})
    return {
        "count": petition.signature_count,
        "goal": petition.current_goal,
        "percent": petition.progress_percent,
        "today": sum(n for day, n in days.items() if day >= today),
        "week": sum(n for day, n in days.items() if day >= monday),
        "deliveries": delivered.get("n", 0),
        "delivered": delivered.get("s") or 0,
        "planned_deliveries": planned.get("n", 0),
        "planned": planned.get("s") or 0,
    }


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
    now = timezone.now()
    figures = stats.petition_stats(petition, now)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": petition,
        "title": _("Dashboard: %(petition)s") % {"petition": petition},
        "live": headline(petition, figures["days"], now),
        "stats": figures,
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
    now = timezone.now()
    rows = [
        {"petition": p, "live": headline(p, stats.petition_stats(p, now)["days"], now)}
        for p in petitions
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "campaign": campaign,
        "title": _("Petitions of %(campaign)s") % {"campaign": campaign},
        "rows": rows,
    }
    return TemplateResponse(request, "admin/petitions/petition/campaign_dashboard.html", context)

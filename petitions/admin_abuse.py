"""Admin: where did the last hour's (or day's, or week's) signatures come from? Top IPs (as
hashes) and email domains per petition, each linked to its signatures in the signature list, with
a bulk invalidate that keeps each petition's count exact.

Registered in config/urls.py through `admin.site.admin_view`, scoped to the user's campaigns.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Value
from django.db.models.functions import StrIndex, Substr
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from campaigns.roles import campaigns_for
from core import audit
from petitions import lifecycle
from petitions.models import Petition, Signature

# The windows offered (?window=), the first by default: the key, its length, its title.
WINDOWS = {
    "1h": (timedelta(hours=1), gettext_lazy("Signatures in the last hour: where they came from")),
    "24h": (
        timedelta(hours=24),
        gettext_lazy("Signatures in the last 24 hours: where they came from"),
    ),
    "7d": (timedelta(days=7), gettext_lazy("Signatures in the last 7 days: where they came from")),
}
WINDOW_LABELS = {
    "1h": gettext_lazy("1 hour"),
    "24h": gettext_lazy("24 hours"),
    "7d": gettext_lazy("7 days"),
}
TOP = 10
KINDS = ("ip", "domain")
NUL = "\x00"  # in no stored value; PostgreSQL refuses it in a query


def _recent(petition_ids, since):
    return Signature.objects.valid().filter(petition_id__in=petition_ids, signed_at__gte=since)


def review_above(window):
    """Above how many signatures from one address in `window` it is flagged: SIGN_REVIEW_ABOVE
    is per hour, so a day's window allows 24 times as many, a week's 168 times."""
    hours = round(WINDOWS[window][0] / timedelta(hours=1))
    return settings.SIGN_REVIEW_ABOVE * hours


def _top(recent, petition, since, limit):
    mine = recent.filter(petition=petition)
    ips = (
        mine.exclude(ip_hash="")
        .values("ip_hash")
        .annotate(signatures=Count("id"))
        .order_by("-signatures", "ip_hash")[:TOP]
    )
    domains = (
        mine.exclude(email="")
        .annotate(domain=Substr("email", StrIndex("email", Value("@")) + 1))
        .values("domain")
        .annotate(signatures=Count("id"))
        .order_by("-signatures", "domain")[:TOP]
    )
    ips, domains = list(ips), list(domains)
    # Flagged: more from one address than signers usually share in the window (`review_above`);
    # accepted and counted, for a person to judge (a flood, or a rally on one Wi-Fi).
    ips = [{**row, "flagged": row["signatures"] > limit} for row in ips]
    # Each group links to its signatures in the window, in the (scoped) signature list.
    since = since.isoformat(timespec="seconds")
    listing = reverse("admin:petitions_signature_changelist")
    for rows, key, parameter in ((ips, "ip_hash", "ip_hash"), (domains, "domain", "domain")):
        for row in rows:
            query = {"petition": petition.pk, parameter: row[key], "signed_at__gte": since}
            row["url"] = f"{listing}?{urlencode(query)}"
    return list(ips), list(domains)


def _report(petitions, since, limit):
    recent = _recent([p.pk for p in petitions], since)
    active = petitions.filter(pk__in=recent.values("petition_id"))
    return [(petition, *_top(recent, petition, since, limit)) for petition in active]


def _parse(selections, petition_ids):
    """'ip|12|<hash>' / 'domain|12|example.com' → (kind, petition_id, value); garbage is dropped."""
    parsed = []
    for item in selections:
        kind, _sep, rest = item.partition("|")
        petition_id, _sep, value = rest.partition("|")
        is_id = petition_id.isascii() and petition_id.isdigit()  # not "²": int() refuses it
        if (
            kind in KINDS
            and is_id
            and int(petition_id) in petition_ids
            and value
            and NUL not in value
        ):
            parsed.append((kind, int(petition_id), value))
    return parsed


def _matching(recent, kind, petition_id, value):
    mine = recent.filter(petition_id=petition_id)
    if kind == "ip":
        return mine.filter(ip_hash=value)
    return mine.filter(email__endswith=f"@{value}")


def _invalidate(request, petitions, since):
    if not request.user.has_perm("petitions.change_signature"):
        raise PermissionDenied
    petition_ids = set(petitions.values_list("pk", flat=True))
    chosen = _parse(request.POST.getlist("selected"), petition_ids)
    recent = _recent(petition_ids, since)
    groups = [(kind, pid, val, _matching(recent, kind, pid, val)) for kind, pid, val in chosen]
    if not groups:
        messages.warning(request, _("Choose at least one IP or email domain."))
        return _back(request)
    if request.POST.get("confirm") != "yes":
        names = dict(petitions.filter(pk__in={g[1] for g in groups}).values_list("pk", "slug"))
        rows = [(kind, names[pid], pid, value, qs.count()) for kind, pid, value, qs in groups]
        context = {
            **admin.site.each_context(request),
            "window": _window(request),
            "title": _("Invalidate these signatures?"),
            "rows": rows,
            "total": sum(row[-1] for row in rows),
        }
        return render(request, "admin/petitions/abuse_confirm.html", context)
    ids = set()
    for _kind, _pid, _value, qs in groups:
        ids.update(qs.values_list("pk", flat=True))
    done = lifecycle.invalidate(Signature.objects.filter(pk__in=ids))
    audit.record(
        request,
        audit.Action.INVALIDATE,
        rows=done,
        signatures=sorted(ids)[:200],
        groups=[f"{kind}:{pid}" for kind, pid, _value, _qs in groups],
    )
    messages.success(
        request,
        ngettext("%(n)d signature invalidated.", "%(n)d signatures invalidated.", done)
        % {"n": done},
    )
    return _back(request)


def _window(request):
    """The window asked for (in the query or the form), else the first."""
    asked = request.POST.get("window") or request.GET.get("window")
    return asked if asked in WINDOWS else next(iter(WINDOWS))


def _back(request):
    return redirect(f"{reverse('admin-abuse-review')}?window={_window(request)}")


def abuse_review(request):
    if not request.user.has_perm("petitions.view_signature"):
        raise PermissionDenied
    petitions = Petition.objects.filter(campaign__in=campaigns_for(request.user))
    window = _window(request)
    length, title = WINDOWS[window]
    since = timezone.now() - length
    if request.method == "POST":
        return _invalidate(request, petitions, since)
    context = {
        **admin.site.each_context(request),
        "title": title,
        "reports": _report(petitions, since, review_above(window)),
        "since": since,
        "review_above": review_above(window),
        "review_per_hour": settings.SIGN_REVIEW_ABOVE,
        "window": window,
        "windows": [(key, label, key == window) for key, label in WINDOW_LABELS.items()],
    }
    return render(request, "admin/petitions/abuse_review.html", context)

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from campaigns.roles import CampaignScopedAdminMixin
from core import audit
from petitions import background, deliveries, lifecycle
from petitions.admin import jobs as job_views
from petitions.admin.delivery import recorded_response
from petitions.admin.filters import (
    ConfirmedFilter,
    DeliveredFilter,
    EmailDomainFilter,
    IpHashFilter,
    TownFilter,
    ValidityFilter,
)
from petitions.admin.forms import ExportForm, SignatureChangeForm
from petitions.admin.responses import export_response
from petitions.admin.scoping import PetitionFilter, petitions_for
from petitions.models import Signature

# True for a signature that has been neither invalidated nor withdrawn: sorts the state column.
VALID = ExpressionWrapper(
    Q(invalidated_at__isnull=True) & Q(withdrawn_at__isnull=True), output_field=BooleanField()
)

READONLY_ON_CHANGE = (
    "petition",
    "language",
    "source",
    "signed_at",
    "confirmed_at",
    "invalidated_at",
    "withdrawn_at",
    "delivery",
    "ip_hash",
    "user_agent",
)


@admin.register(Signature)
class SignatureAdmin(CampaignScopedAdminMixin, admin.ModelAdmin):
    campaign_path = "petition__campaign"
    list_display = (
        "first_name",
        "last_name",
        "validity",  # early: seen at 1280 px without scrolling sideways
        "email",
        "town",
        "language",
        "source",
        "is_confirmed",
        "delivery",
        "signed_at",
    )
    list_filter = (
        PetitionFilter,
        "language",
        TownFilter,
        "source",
        ConfirmedFilter,
        DeliveredFilter,
        ValidityFilter,
        ("signed_at", admin.DateFieldListFilter),
        IpHashFilter,  # from the abuse review's links
        EmailDomainFilter,
    )
    list_select_related = ("petition", "delivery")
    search_fields = ("first_name", "last_name", "email", "postal_code", "town")
    date_hierarchy = "signed_at"
    readonly_fields = READONLY_ON_CHANGE
    form = SignatureChangeForm
    actions = ("export_csv", "export_xlsx", "export_pdf", "invalidate", "restore")
    change_list_template = "admin/petitions/signature/change_list.html"

    def lookup_allowed(self, lookup, value, request=None):
        # The link from a delivery to its signatures.
        return lookup == "delivery__id__exact" or super().lookup_allowed(lookup, value, request)

    def delete_model(self, request, obj):
        # Through the lifecycle, so that the count drops with a signature that counted.
        self.delete_queryset(request, Signature.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        ids = sorted(queryset.values_list("pk", flat=True))
        n = lifecycle.delete(Signature.objects.filter(pk__in=ids))
        audit.record(request, audit.Action.DELETE, rows=n, signatures=ids[:200])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        signature = getattr(response, "context_data", {}).get("original")
        if request.method == "GET" and signature is not None:
            audit.record(
                request,
                audit.Action.SIGNATURE_VIEWED,
                petition=signature.petition_id,
                target=f"signature {signature.pk}",
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            request,
            audit.Action.SIGNATURE_CHANGED,
            petition=obj.petition_id,
            target=f"signature {obj.pk}",
            fields=sorted(form.changed_data),
        )

    def has_add_permission(self, request):
        # Paper signatures are entered from their petition's page (checked like online ones).
        return False

    @admin.display(description=gettext_lazy("email confirmed"), boolean=True)
    def is_confirmed(self, obj):
        """Yes or no where the petition asks for confirmation; "unknown" where it does not."""
        if obj.confirmed_at is not None:
            return True
        return False if obj.petition.requires_confirmation else None

    def get_ordering(self, request):
        # Newest first, the signatures that count before the invalidated and withdrawn ones
        # (a flood just invalidated would otherwise fill the first page).
        return (VALID.desc(), "-signed_at")

    @admin.display(description=gettext_lazy("validity"), ordering=VALID)
    def validity(self, obj):
        if obj.withdrawn_at is not None:
            return _("Withdrawn")
        if obj.invalidated_at is not None:
            return _("Invalidated")
        return _("Valid")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        jobs = [
            ("jobs/<str:job_id>/", job_views.job_view, "petitions_job"),
            ("jobs/<str:job_id>/status.json", job_views.job_status, "petitions_job_status"),
            ("jobs/<str:job_id>/download/", job_views.job_download, "petitions_job_download"),
            ("jobs/<str:job_id>/cancel/", job_views.job_cancel, "petitions_job_cancel"),
        ]
        return [
            path("export/", wrap(self.export_view), name="petitions_signature_export"),
            *(path(route, wrap(partial(view, self)), name=name) for route, view, name in jobs),
            *super().get_urls(),
        ]

    # Exports -----------------------------------------------------------------------------------

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Recording a delivery is adding one: without that permission the box is not offered,
        # and ticking it anyway is refused.
        can_record = request.user.has_perm("petitions.add_delivery")
        if request.POST.get("record_delivery") and not can_record:
            raise PermissionDenied
        petitions = petitions_for(request.user)
        initial = {"petition": request.GET.get("petition"), "headings": request.LANGUAGE_CODE}
        form = ExportForm(
            request.POST or None, petitions=petitions, initial=initial, can_record=can_record
        )
        if request.method == "POST" and form.is_valid():
            return self._export(request, form)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Export signatures"),
            "form": form,
        }
        return TemplateResponse(request, "admin/petitions/export.html", context)

    def _export(self, request, form):
        data = form.cleaned_data
        petition, export_filter = data["petition"], form.export_filter()
        signatures = export_filter.signatures(petition)
        delivery = None
        if data.get("record_delivery"):
            return self._record_delivery(request, form, petition, signatures)
        rows = signatures.count()
        audit.record(
            request,
            audit.Action.EXPORT,
            petition=petition,
            format=data["format"],
            scope=data["scope"],
            language=data.get("language") or "",
            date_from=str(data.get("date_from") or ""),
            date_to=str(data.get("date_to") or ""),
            rows=rows,
            emails=bool(data["include_emails"] or data["format"] != "pdf"),
            comments=bool(data["include_comments"] or data["format"] != "pdf"),
        )
        if data["format"] in background.BACKGROUND_FORMATS:
            job = background.start_export(
                request.user,
                data["format"],
                petition=petition,
                export_filter=export_filter,
                total=rows,
                headings=form.heading_languages(),
                delivery_date=data.get("delivery_date"),
                include_comments=data["include_comments"],
                include_emails=data["include_emails"],
            )
            return redirect(job_views.job_url(job))
        return export_response(
            data["format"],
            signatures,
            petition=petition,
            delivery=delivery,
            headings=form.heading_languages(),
            period_bounds=(export_filter.start, export_filter.end),
            delivery_date=data.get("delivery_date"),
            include_comments=data["include_comments"],
            include_emails=data["include_emails"],
        )

    def _record_delivery(self, request, form, petition, signatures):
        """Record, then show the delivery (its packet to download, the next step) rather than
        a download: the organiser sees what was recorded, and a second click records nothing."""
        try:
            delivery = deliveries.record(petition, signatures, token=form.cleaned_data["token"])
        except deliveries.EmptyDelivery as empty:
            form.add_error(None, str(empty))
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Export signatures"),
                "form": form,
            }
            return TemplateResponse(request, "admin/petitions/export.html", context)
        if not delivery.repeated:
            audit.record(
                request,
                audit.Action.DELIVERY_RECORDED,
                petition=petition,
                target=f"delivery {delivery.pk}",
                rows=delivery.signature_count,
            )
        return recorded_response(request, delivery)

    def _export_selected(self, request, queryset, fmt):
        signatures = queryset.counted()
        petition_ids = set(signatures.order_by().values_list("petition_id", flat=True).distinct())
        if fmt == "pdf" and len(petition_ids) != 1:
            self.message_user(
                request,
                _("A delivery packet is for one petition: select the signatures of one petition."),
                messages.ERROR,
            )
            return None
        petition = petitions_for(request.user).filter(pk__in=petition_ids).first()
        audit.record(
            request,
            audit.Action.EXPORT,
            petition=petition if len(petition_ids) == 1 else None,
            format=fmt,
            scope="selected",
            rows=signatures.count(),
            emails=fmt != "pdf",
            comments=fmt != "pdf",
        )
        if fmt in background.BACKGROUND_FORMATS:
            job = background.start_export(
                request.user,
                fmt,
                petition=petition if len(petition_ids) == 1 else None,
                signature_ids=signatures.values_list("pk", flat=True),
                headings=(request.LANGUAGE_CODE,),
            )
            return redirect(job_views.job_url(job))
        return export_response(
            fmt,
            signatures,
            petition=petition if len(petition_ids) == 1 else None,
            headings=(request.LANGUAGE_CODE,),
        )

    @admin.action(description=gettext_lazy("Export selected signatures as CSV"))
    def export_csv(self, request, queryset):
        return self._export_selected(request, queryset, "csv")

    @admin.action(description=gettext_lazy("Export selected signatures as XLSX"))
    def export_xlsx(self, request, queryset):
        return self._export_selected(request, queryset, "xlsx")

    @admin.action(description=gettext_lazy("Export selected signatures as a PDF packet"))
    def export_pdf(self, request, queryset):
        return self._export_selected(request, queryset, "pdf")

    # Abuse -------------------------------------------------------------------------------------

    @admin.action(
        description=gettext_lazy("Invalidate selected signatures (abuse)"),
        permissions=["change"],
    )
    def invalidate(self, request, queryset):
        ids = sorted(queryset.values_list("pk", flat=True))
        n = lifecycle.invalidate(Signature.objects.filter(pk__in=ids))
        audit.record(request, audit.Action.INVALIDATE, rows=n, signatures=ids[:200])
        self.message_user(
            request,
            ngettext(
                "%(n)d signature invalidated: it no longer counts and is left out of exports.",
                "%(n)d signatures invalidated: they no longer count and are left out of exports.",
                n,
            )
            % {"n": n},
        )

    @admin.action(description=gettext_lazy("Restore selected signatures"), permissions=["change"])
    def restore(self, request, queryset):
        ids = sorted(queryset.values_list("pk", flat=True))
        n = lifecycle.restore(Signature.objects.filter(pk__in=ids))
        audit.record(request, audit.Action.RESTORE, rows=n, signatures=ids[:200])
        self.message_user(
            request,
            ngettext("%(n)d signature restored.", "%(n)d signatures restored.", n) % {"n": n},
        )

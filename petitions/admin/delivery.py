import os

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns.roles import CampaignScopedAdminMixin
from core import audit
from core.languages import localized
from petitions import background, deliveries
from petitions.admin import jobs as job_views
from petitions.admin.forms import DeliveryAddForm
from petitions.admin.scoping import PetitionFilter
from petitions.models import Delivery, Signature


def recorded_response(request, delivery):
    """After recording a delivery (here or from the export form), or sending its form again:
    what it holds, and the next two steps, on the delivery's own page. Its packet is built in
    the background (petitions/background.py); the page shows its progress."""
    if not delivery.packet:
        background.prepare_packet(delivery, request.user)
    messages.success(
        request,
        format_html(
            gettext(
                "Delivery #{number} recorded with {count} signatures. Next: its packet is "
                'being prepared; <a href="{packet}">download it</a> when it is ready and print '
                "it; once it is handed over, mark it delivered below."
            ),
            number=delivery.pk,
            count=delivery.signature_count,
            packet=reverse("admin:petitions_delivery_packet", args=[delivery.pk]),
        ),
    )
    return HttpResponseRedirect(reverse("admin:petitions_delivery_change", args=[delivery.pk]))


class PacketWidget(AdminFileWidget):
    """The packet holds signers' names: it is downloaded through the (scoped) admin, never from
    a public media URL."""

    def __init__(self, download_url, attrs=None):
        super().__init__(attrs)
        self.download_url = download_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _Download(value.name, self.download_url)
        return context


class _Download:
    """What the file widget's template shows: the file's name, linked to `url`."""

    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


@admin.register(Delivery)
class DeliveryAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    campaign_path = "petition__campaign"
    # Short columns, readable at 1280 px beside the filters: the petition by its address name.
    list_display = ("number", "status", "delivered_on", "signature_count", "recipient", "slug")
    list_display_links = ("number",)
    list_filter = (PetitionFilter, "status", "method")
    list_select_related = ("petition",)
    fields = (
        "petition",
        "status",
        "delivered_on",
        "recipient",
        "place",
        "delivered_by",
        "method",
        "notes",
        "packet",
        "packet_link",
        "signatures_link",
    )
    # Adding one is choosing its signatures; it is marked delivered later, on its own page.
    add_fields = (
        "petition",
        "signed_from",
        "signed_until",
        "language",
        "town",
        *localized("recipient"),
        "place",
        "method",
        "notes",
        "token",
    )
    readonly_fields = ("packet_link", "signatures_link")
    actions = ("mark_delivered", "take_undelivered", "cancel_planned")

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.fields

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        which = gettext_lazy(
            "Which signatures: all that count and are in no delivery yet, or only some of them"
        )
        return [
            (which, {"fields": ("petition", "signed_from", "signed_until", "language", "town")}),
            (None, {"fields": (*localized("recipient"), "place", "method", "notes", "token")}),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = request.POST.get("token") if request.method == "POST" else None
        if object_id is None and token:
            # The same form sent again (a double click, a reload): show the one it recorded.
            existing = self.get_queryset(request).filter(request_token=token).first()
            if existing is not None:
                return recorded_response(request, existing)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            was = Delivery.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            super().save_model(request, obj, form, change)
            if was != obj.status == Delivery.Status.DELIVERED:
                audit.record(
                    request,
                    audit.Action.DELIVERY_MARKED,
                    petition=obj.petition_id,
                    target=f"delivery {obj.pk}",
                )
            return
        obj.request_token = form.cleaned_data["token"]
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:  # the same form, sent twice at once: the other one recorded it
            obj.pk = Delivery.objects.get(request_token=obj.request_token).pk
            return
        deliveries.attach(obj, form.chosen(obj.petition))
        audit.record(
            request,
            audit.Action.DELIVERY_RECORDED,
            petition=obj.petition_id,
            target=f"delivery {obj.pk}",
            rows=obj.signature_count,
        )

    def response_add(self, request, obj, post_url_continue=None):
        return recorded_response(request, Delivery.objects.get(pk=obj.pk))

    def get_urls(self):
        view = self.admin_site.admin_view(self.packet_view)
        return [
            path("<path:object_id>/packet/", view, name="petitions_delivery_packet"),
            *super().get_urls(),
        ]

    def packet_view(self, request, object_id):
        delivery = self.get_object(request, object_id)  # None for "abc" or another campaign's
        if delivery is None or not self.has_view_permission(request, delivery):
            raise Http404
        packet = None
        if delivery.packet:
            try:
                packet = delivery.packet.open("rb")
            except FileNotFoundError:  # recorded, but its file is gone from the media storage
                packet = None
        if packet is None:
            # Being built, deleted when someone in it withdrew (petitions/deliveries.py), or
            # lost: built (again) in the background from the delivery's signatures as they are
            # now; its page shows the progress, then this download.
            job = background.prepare_packet(delivery, request.user)
            return HttpResponseRedirect(job_views.job_url(job))
        audit.record(
            request,
            audit.Action.PACKET_DOWNLOAD,
            petition=delivery.petition_id,
            target=f"delivery {delivery.pk}",
            rows=delivery.signature_count,
        )
        name = os.path.basename(delivery.packet.name)
        return FileResponse(packet, as_attachment=True, filename=name)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DeliveryAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.packet:
            url = reverse("admin:petitions_delivery_packet", args=[obj.pk])
            form.base_fields["packet"].widget = PacketWidget(url)
        return form

    def get_readonly_fields(self, request, obj=None):
        # Its signatures belong to its petition: the petition cannot change afterwards.
        return (*self.readonly_fields, "petition") if obj else self.readonly_fields

    @admin.display(description=gettext_lazy("delivery"), ordering="pk")
    def number(self, obj):
        return f"#{obj.pk}"

    @admin.display(description=gettext_lazy("petition"), ordering="petition__slug")
    def slug(self, obj):
        return obj.petition.slug

    @admin.display(description=gettext_lazy("packet to print"))
    def packet_link(self, obj):
        if not obj or not obj.pk:
            return "-"
        url = reverse("admin:petitions_delivery_packet", args=[obj.pk])
        if obj.packet:
            return format_html(
                '<a class="button" href="{}">{}</a>', url, gettext("Download the packet (PDF)")
            )
        job = background.packet_job(obj)
        if job is not None and job.is_active:
            return format_html(
                '{} <a href="{}">{}</a>',
                gettext("The packet is being prepared:"),
                job_views.job_url(job),
                job_views.progress_text(job),
            )
        return format_html(
            '<a class="button" href="{}">{}</a>', url, gettext("Prepare the packet (PDF)")
        )

    @admin.display(description=gettext_lazy("signatures"))
    def signatures_link(self, obj):
        if not obj or not obj.pk:
            return "0"
        url = reverse("admin:petitions_signature_changelist") + f"?delivery__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.signature_count)

    @admin.action(
        description=gettext_lazy("Mark as delivered (today if no date)"), permissions=["change"]
    )
    def mark_delivered(self, request, queryset):
        today = timezone.localdate()
        queryset.filter(delivered_on__isnull=True).update(delivered_on=today)
        n = queryset.update(status=Delivery.Status.DELIVERED)
        for delivery in queryset:
            audit.record(
                request,
                audit.Action.DELIVERY_MARKED,
                petition=delivery.petition_id,
                target=f"delivery {delivery.pk}",
            )
        self.message_user(
            request,
            ngettext("%(n)d delivery marked delivered.", "%(n)d deliveries marked delivered.", n)
            % {"n": n},
        )

    @admin.action(
        description=gettext_lazy("Add the signatures not yet in any delivery"),
        permissions=["change"],
    )
    def take_undelivered(self, request, queryset):
        added = 0
        for delivery in queryset.filter(status=Delivery.Status.PLANNED):
            added += deliveries.attach(delivery, Signature.objects.all())
        self.message_user(
            request,
            ngettext(
                "%(n)d signature added to the planned deliveries.",
                "%(n)d signatures added to the planned deliveries.",
                added,
            )
            % {"n": added},
        )

    @admin.action(
        description=gettext_lazy(
            "Cancel the selected planned deliveries (their signatures are freed)"
        ),
        permissions=["change"],
    )
    def cancel_planned(self, request, queryset):
        cancelled = 0
        for delivery in queryset.select_related("petition"):
            number, petition_id = delivery.pk, delivery.petition_id
            if deliveries.cancel(delivery):
                cancelled += 1
                audit.record(
                    request,
                    audit.Action.DELIVERY_CANCELLED,
                    petition=petition_id,
                    target=f"delivery {number}",
                )
        skipped = queryset.count()
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d delivery was already delivered and was kept.",
                    "%(n)d deliveries were already delivered and were kept.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )
        self.message_user(
            request,
            ngettext(
                "%(n)d planned delivery cancelled; its signatures go into the next one.",
                "%(n)d planned deliveries cancelled; their signatures go into the next one.",
                cancelled,
            )
            % {"n": cancelled},
        )

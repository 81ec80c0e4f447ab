import os

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns.roles import CampaignScopedAdminMixin
from core import audit
from petitions import deliveries
from petitions.admin.responses import export_response
from petitions.admin.scoping import PetitionFilter
from petitions.models import Delivery, Signature


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
    list_display = ("__str__", "petition", "status", "delivered_on", "method", "signature_count")
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
        "signatures_link",
    )
    readonly_fields = ("signatures_link",)
    actions = ("mark_delivered", "take_undelivered")

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
        audit.record(
            request,
            audit.Action.PACKET_DOWNLOAD,
            petition=delivery.petition_id,
            target=f"delivery {delivery.pk}",
            rows=delivery.signature_count,
        )
        if delivery.packet:
            try:
                packet = delivery.packet.open("rb")
            except FileNotFoundError:  # recorded, but its file is gone from the media storage
                packet = None
        if not delivery.packet or packet is None:
            # Deleted when someone in it withdrew (petitions/deliveries.py), or lost: built
            # again, and stored, from the delivery's signatures as they are now.
            signatures = Signature.objects.filter(delivery=delivery).counted()
            return export_response(
                "pdf",
                signatures,
                petition=delivery.petition,
                delivery=delivery,
                headings=("en", "es"),
            )
        name = os.path.basename(delivery.packet.name)
        return FileResponse(packet, as_attachment=True, filename=name)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.packet:
            url = reverse("admin:petitions_delivery_packet", args=[obj.pk])
            form.base_fields["packet"].widget = PacketWidget(url)
        return form

    def get_readonly_fields(self, request, obj=None):
        # Its signatures belong to its petition: the petition cannot change afterwards.
        return (*self.readonly_fields, "petition") if obj else self.readonly_fields

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

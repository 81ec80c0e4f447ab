"""Admin for updates (a campaign's timeline; emailed to a petition's signers) and the delivery
admin's last step, writing the announcement of a delivery.

The delivery admin is petitions' own (`petitions.admin.delivery.DeliveryAdmin`); this app, which
sits above petitions, registers it again with the announcement action added, so that petitions
never imports outreach.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns.roles import CampaignScopedAdminMixin
from core import audit
from core.languages import localized
from outreach import announce
from outreach.delivery_news import check_announceable, delivery_update
from outreach.models import Update
from petitions.admin import delivery as delivery_admin
from petitions.models import Delivery

# Links typed without a scheme become https:// (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# Filters list only campaigns and petitions the organiser can see.
RELATED_ONLY = admin.RelatedOnlyFieldListFilter


@admin.register(Update)
class UpdateAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("title", "campaign", "petition", "published_on", "is_published", "emailed")
    list_filter = (("campaign", RELATED_ONLY), "is_published", ("petition", RELATED_ONLY))
    search_fields = localized("title")
    date_hierarchy = "published_on"
    actions = ["publish", "send_to_signers"]
    change_form_template = "admin/outreach/update/change_form.html"

    def has_delete_permission(self, request, obj=None):
        # Once emailed, an update stays (hide it by unticking "published"): its record of who
        # received it is what stops anyone receiving it twice.
        if obj is not None and obj.recipients.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        sent = queryset.filter(recipients__isnull=False).distinct()
        if sent.exists():
            self.message_user(
                request,
                gettext(
                    "An update already emailed cannot be deleted; untick “published” to hide it."
                ),
                messages.WARNING,
            )
        super().delete_queryset(request, queryset.exclude(pk__in=sent.values("pk")))

    @admin.action(description=_("Publish the selected updates"), permissions=["change"])
    def publish(self, request, queryset):
        n = queryset.filter(is_published=False).update(is_published=True)
        self.message_user(
            request,
            ngettext(
                "%(n)d update published. You can now email it to the signers.",
                "%(n)d updates published. You can now email them to the signers.",
                n,
            )
            % {"n": n},
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(emailed_count=Count("recipients"))

    @admin.display(description=_("emailed to"), ordering="emailed_count")
    def emailed(self, update):
        return update.emailed_count

    def has_send_permission(self, request):
        return request.user.has_perm("outreach.send_update")

    @admin.action(
        description=_("Email the selected updates to the petition's signers"),
        permissions=["send"],
    )
    def send_to_signers(self, request, queryset):
        updates = list(queryset.select_related("petition"))
        if request.POST.get("confirmed") != "yes":
            return self._confirm_page(request, updates)
        for update in updates:
            self._send(request, update)
        return None

    def _send(self, request, update):
        try:
            waiting = announce.send_update(update)
        except announce.CannotSend as error:
            self.message_user(request, f"{update}: {error}", messages.ERROR)
            return
        audit.record(
            request,
            audit.Action.UPDATE_SENT,
            petition=update.petition_id,
            target=f"update {update.pk}",
            rows=waiting,
        )
        self.message_user(
            request,
            ngettext(
                "“%(update)s” is being emailed to %(count)d signer.",
                "“%(update)s” is being emailed to %(count)d signers.",
                waiting,
            )
            % {"update": update, "count": waiting},
            messages.SUCCESS,
        )

    def response_change(self, request, obj):
        if "_publish_send" in request.POST and self.has_send_permission(request):
            # One step from the reviewed draft: published, then the page that says to whom it
            # goes, in which language, and asks once more.
            if not obj.is_published:
                Update.objects.filter(pk=obj.pk).update(is_published=True)
                obj.is_published = True
            return self._confirm_page(request, [obj], selected=[obj.pk])
        return super().response_change(request, obj)

    def _confirm_page(self, request, updates, selected=None):
        rows = [
            {
                "update": update,
                "problem": announce.problem(update),
                "languages": announce.recipients_by_language(update),
                "already": update.recipients.count(),
            }
            for update in updates
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Email updates to signers"),
            "rows": rows,
            "opts": self.model._meta,
            "action_name": "send_to_signers",
            "selected": selected or request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/outreach/update/confirm_send.html", context)


admin.site.unregister(Delivery)


@admin.register(Delivery)
class DeliveryAdmin(delivery_admin.DeliveryAdmin):
    actions = (*delivery_admin.DeliveryAdmin.actions, "announce")
    change_form_template = "admin/outreach/delivery_change_form.html"

    def response_change(self, request, obj):
        if "_announce" in request.POST and self.has_announce_permission(request):
            # Marked delivered and saved: the announcement is drafted, then opened for review.
            try:
                check_announceable(obj)
            except announce.CannotSend as reason:
                self.message_user(request, str(reason), messages.WARNING)
                return redirect(request.path)
            update = delivery_update(obj)
            self.message_user(
                request,
                gettext(
                    "Delivery #%(number)d is marked delivered. Here is its announcement, written "
                    "in English and Spanish as a draft that nobody sees yet: check both tabs, "
                    "then choose “Publish and email to the signers”."
                )
                % {"number": obj.pk},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:outreach_update_change", args=[update.pk]))
        return super().response_change(request, obj)

    def has_announce_permission(self, request):
        # The announcement is an update written for review; sending it is a separate step.
        return request.user.has_perm("outreach.add_update")

    @admin.action(
        description=gettext_lazy(
            "Write the announcement to the signers (review it before sending)"
        ),
        permissions=["announce"],
    )
    def announce(self, request, queryset):
        """Write each delivery's update in both languages; the organiser reviews and sends it."""
        written = []
        for delivery in queryset.select_related("petition"):
            try:
                check_announceable(delivery)
            except announce.CannotSend as reason:
                self.message_user(request, f"{delivery}: {reason}", level=messages.WARNING)
                continue
            written.append(delivery_update(delivery))
        if not written:
            return None
        self.message_user(
            request,
            gettext(
                "The announcement is written in English and Spanish as a draft: it is not on "
                "the public page yet. Check it, choose “Publish the selected updates”, then "
                "“Email the selected updates to the petition's signers”: it goes once to the "
                "signers in that delivery who asked for news."
            ),
        )
        url = reverse("admin:outreach_update_changelist")
        return redirect(f"{url}?id__in={','.join(str(update.pk) for update in written)}")

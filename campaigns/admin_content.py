"""Admin for a campaign's content: events, updates and partners, each scoped to the organiser's
campaigns. Updates about a petition can be emailed to its signers from here."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns import announce
from campaigns.models import Event, Partner, Update
from campaigns.roles import CampaignScopedAdminMixin

# Links typed without a scheme become https:// (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}
# Filters list only campaigns and petitions the organiser can see.
RELATED_ONLY = admin.RelatedOnlyFieldListFilter


@admin.register(Event)
class EventAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("title", "campaign", "starts_at", "place")
    list_filter = (("campaign", RELATED_ONLY),)
    date_hierarchy = "starts_at"
    search_fields = ("title_en", "title_es", "place_en", "place_es")


@admin.register(Partner)
class PartnerAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("name", "campaign", "website", "position")
    list_filter = (("campaign", RELATED_ONLY),)
    list_editable = ("position",)
    search_fields = ("name",)


@admin.register(Update)
class UpdateAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ("title", "campaign", "petition", "published_on", "is_published", "emailed")
    list_filter = (("campaign", RELATED_ONLY), "is_published", ("petition", RELATED_ONLY))
    search_fields = ("title_en", "title_es")
    date_hierarchy = "published_on"
    actions = ["send_to_signers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(emailed_count=Count("recipients"))

    @admin.display(description=_("emailed to"), ordering="emailed_count")
    def emailed(self, update):
        return update.emailed_count

    def has_send_permission(self, request):
        return request.user.has_perm("campaigns.send_update")

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

    def _confirm_page(self, request, updates):
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
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/campaigns/update/confirm_send.html", context)

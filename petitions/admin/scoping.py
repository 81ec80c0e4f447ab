"""List filters and lookups limited to what the user may see."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campaigns.admin_site import as_id
from campaigns.roles import campaigns_for
from petitions.models import Petition


def petitions_for(user):
    """The petitions of the user's campaigns (all of them for admins)."""
    if user.is_superuser:
        return Petition.objects.all()
    return Petition.objects.filter(campaign__in=campaigns_for(user))


class PetitionFilter(admin.SimpleListFilter):
    """Like `list_filter = ["petition"]`, without listing other campaigns' petitions."""

    title = _("petition")
    parameter_name = "petition"

    def lookups(self, request, model_admin):
        return [(str(p.pk), p.title) for p in petitions_for(request.user).order_by("title")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # A value no id can have ("abc") matches nothing: an empty list, not an error.
        pk = as_id(self.value())
        return queryset.none() if pk is None else queryset.filter(petition_id=pk)


class CampaignFilter(admin.SimpleListFilter):
    """Like `list_filter = ["campaign"]`, without naming campaigns the user does not organise."""

    title = _("campaign")
    parameter_name = "campaign"

    def lookups(self, request, model_admin):
        return [(str(c.pk), c.title) for c in campaigns_for(request.user)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        pk = as_id(self.value())
        return queryset.none() if pk is None else queryset.filter(campaign_id=pk)

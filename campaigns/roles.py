"""Two roles: admins (superusers) see everything; organisers only their assigned campaigns.

Organisers are staff users in the "Organisers" group, assigned to campaigns through
`Campaign.organisers`. Every admin page for campaign content or signatures filters through
`campaigns_for(user)`, so an organiser of one campaign cannot reach another's, by list or by URL.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from campaigns.admin_site import could_be_pk
from campaigns.models import Campaign

ORGANISERS_GROUP = "Organizers"  # the name admins see: US English
FORMER_GROUP_NAMES = ("Organisers",)  # renamed in place, members and all
# Django's own words (and translation) for an action sent without a usable selection.
NOTHING_SELECTED = _(
    "Items must be selected in order to perform actions on them. No items have been changed."
)

# What an organiser may do, in one place: applied to the group after every `migrate`
# (campaigns.apps) and whenever someone is made an organiser. Scope (which campaigns) is the
# mixin's and `campaigns_for`'s job; these say which kinds of change.
ORGANISER_PERMISSIONS = {
    "campaigns.campaign": ("view", "change"),
    "campaigns.event": ("view", "add", "change", "delete"),
    "campaigns.partner": ("view", "add", "change", "delete"),
    "petitions.petition": ("view", "change"),
    # add: paper entry; change: invalidate and restore (abuse review included).
    "petitions.signature": ("view", "add", "change"),
    # add: record a delivery (also from the export form); change: mark it delivered.
    "petitions.delivery": ("view", "add", "change"),
    # add: write an update (a delivery's announcement too); send: email it to the signers.
    "outreach.update": ("view", "add", "change", "delete", "send"),
}


def organiser_permissions():
    """The Permission rows the Organisers group should hold (those that exist yet)."""
    wanted = [
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in ORGANISER_PERMISSIONS.items()
        for action in actions
    ]
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted}
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def organisers_group():
    """The Organisers group, with exactly ORGANISER_PERMISSIONS (created if it was deleted)."""
    if not Group.objects.filter(name=ORGANISERS_GROUP).exists():
        Group.objects.filter(name__in=FORMER_GROUP_NAMES).update(name=ORGANISERS_GROUP)
    group, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    group.permissions.set(organiser_permissions())
    return group


def sync_organisers_group(**kwargs):
    """post_migrate: runs after each app's migrations, once its permissions exist."""
    organisers_group()


def is_organiser(user):
    return user.is_active and user.is_staff and user.groups.filter(name=ORGANISERS_GROUP).exists()


def campaigns_for(user):
    """The campaigns this user may see and manage."""
    if user.is_active and user.is_superuser:
        return Campaign.objects.all()
    if not is_organiser(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(organisers=user)


def make_organiser(user, *campaigns):
    """Give `user` the organiser role for `campaigns` (used by admins, tests and commands)."""
    group = organisers_group()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    for campaign in campaigns:
        campaign.organisers.add(user)


class CampaignScopedAdminMixin:
    """For ModelAdmins of objects that belong to a campaign.

    `campaign_path` is the lookup from the model to its campaign ("campaign", "petition__campaign").
    Lists, change pages (so URLs too), exports and foreign-key choices are limited to the user's
    campaigns.
    """

    campaign_path = "campaign"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.campaign_path}__in": campaigns_for(request.user)})

    def response_action(self, request, queryset):
        # Django filters the rows by the ids sent; one no row can have ("abc") would be a 500.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(could_be_pk(self.model, value) for value in selected):
            self.message_user(request, NOTHING_SELECTED, messages.WARNING)
            return None  # back to the list, nothing changed
        return super().response_action(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if not request.user.is_superuser and field is not None:
            model = db_field.related_model
            if model is Campaign:
                field.queryset = field.queryset.filter(pk__in=campaigns_for(request.user))
            elif any(f.name == "campaign" for f in model._meta.get_fields()):
                field.queryset = field.queryset.filter(campaign__in=campaigns_for(request.user))
        return field

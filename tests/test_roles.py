from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command

from campaigns.models import Campaign
from campaigns.roles import ORGANISERS_GROUP, campaigns_for, make_organiser
from tests.staff_helpers import log_in_staff


def test_organisers_group_exists_with_signature_permissions(db):
    group = Group.objects.get(name=ORGANISERS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_signature", "change_signature", "view_petition"} <= codenames
    assert "delete_signature" not in codenames


def test_organisers_see_only_their_campaigns(db):
    mine = Campaign.objects.create(slug="mine", title="Mine")
    Campaign.objects.create(slug="theirs", title="Theirs")
    organiser = User.objects.create_user("org", password="x")
    make_organiser(organiser, mine)
    assert list(campaigns_for(organiser)) == [mine]
    admin = User.objects.create_superuser("admin", password="x")
    assert campaigns_for(admin).count() == 2
    assert campaigns_for(User.objects.create_user("nobody", is_staff=True)).count() == 0


def test_the_campaign_admin_shows_organisers_only_their_campaigns(client, db):
    mine = Campaign.objects.create(slug="mine", title_en="Mine campaign", title_es="Mía")
    theirs = Campaign.objects.create(slug="theirs", title_en="Theirs campaign", title_es="Suya")
    organiser = User.objects.create_user("org", password="x")
    make_organiser(organiser, mine)
    log_in_staff(client, organiser)
    listing = client.get("/admin/campaigns/campaign/").content.decode()
    assert "Mine campaign" in listing and "Theirs campaign" not in listing
    assert client.get(f"/admin/campaigns/campaign/{mine.pk}/change/").status_code == 200
    other = client.get(f"/admin/campaigns/campaign/{theirs.pk}/change/")
    assert other.status_code == 302  # the admin's answer for an object outside the queryset
    page = client.get(f"/admin/campaigns/campaign/{mine.pk}/change/").content.decode()
    assert 'name="organisers"' not in page  # only admins assign organisers


def _expected_permissions():
    from campaigns.roles import ORGANISER_PERMISSIONS

    return {
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in ORGANISER_PERMISSIONS.items()
        for action in actions
    }


def _group_permissions():
    group = Group.objects.get(name=ORGANISERS_GROUP)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_group_holds_exactly_the_permissions_listed_in_roles(db):
    assert _group_permissions() == _expected_permissions()
    assert ("outreach", "send_update") in _group_permissions()


def test_a_deleted_group_comes_back_with_its_permissions_at_the_next_migrate(db):
    Group.objects.filter(name=ORGANISERS_GROUP).delete()
    call_command("migrate", verbosity=0, interactive=False)
    assert _group_permissions() == _expected_permissions()


def test_migrate_gives_back_a_permission_taken_from_the_group_and_takes_an_extra_one(db):
    group = Group.objects.get(name=ORGANISERS_GROUP)
    group.permissions.remove(Permission.objects.get(codename="add_delivery"))
    group.permissions.add(Permission.objects.get(codename="delete_signature"))
    call_command("migrate", verbosity=0, interactive=False)
    assert _group_permissions() == _expected_permissions()


def test_make_organiser_recreates_a_deleted_group_with_its_permissions(db):
    Group.objects.filter(name=ORGANISERS_GROUP).delete()
    user = User.objects.create_user("org", password="x")
    make_organiser(user, Campaign.objects.create(slug="mine", title="Mine"))
    assert _group_permissions() == _expected_permissions()
    assert user.has_perm("petitions.add_signature") and user.has_perm("outreach.send_update")
    assert not user.has_perm("petitions.delete_signature")


def test_the_group_keeps_its_members_when_renamed_to_us_english(db, django_user_model):
    from campaigns.roles import organisers_group

    Group.objects.filter(name=ORGANISERS_GROUP).update(name="Organisers")  # as it was called
    user = django_user_model.objects.create_user("old-organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    assert organisers_group().user_set.get() == user
    assert not Group.objects.filter(name="Organisers").exists()

from django.contrib.auth.models import Group, User

from campaigns.models import Campaign
from campaigns.roles import ORGANISERS_GROUP, campaigns_for, make_organiser


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
    client.force_login(organiser)
    listing = client.get("/admin/campaigns/campaign/").content.decode()
    assert "Mine campaign" in listing and "Theirs campaign" not in listing
    assert client.get(f"/admin/campaigns/campaign/{mine.pk}/change/").status_code == 200
    other = client.get(f"/admin/campaigns/campaign/{theirs.pk}/change/")
    assert other.status_code == 302  # the admin's answer for an object outside the queryset
    page = client.get(f"/admin/campaigns/campaign/{mine.pk}/change/").content.decode()
    assert 'name="organisers"' not in page  # only admins assign organisers


def test_the_group_keeps_its_members_when_renamed_to_us_english(db, django_user_model):
    from campaigns.roles import organisers_group

    Group.objects.filter(name=ORGANISERS_GROUP).update(name="Organisers")  # as it was called
    user = django_user_model.objects.create_user("old-organiser", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    assert organisers_group().user_set.get() == user
    assert not Group.objects.filter(name="Organisers").exists()

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

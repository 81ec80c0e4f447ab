"""A petition's address is fixed once it has opened: its slug is read-only from then on."""

from petitions.models import Petition


def test_an_open_petitions_slug_cannot_be_edited(admin_client, petition):
    assert petition.status == Petition.Status.OPEN
    page = admin_client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert 'name="slug"' not in page
    assert "trust-act-2018" in page


def test_a_drafts_slug_can_still_be_edited(admin_client, petition):
    Petition.objects.filter(pk=petition.pk).update(status=Petition.Status.DRAFT)
    page = admin_client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert 'name="slug"' in page

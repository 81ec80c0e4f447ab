"""Saving a petition (the admin's form) never writes an old count over signatures that came in
meanwhile, and a change to whether signatures need confirmation recounts them."""

from petitions import lifecycle
from petitions.models import Petition, Signature
from petitions.signer_emails import RECEIPT, email_for
from tests.conftest import petition_url
from tests.signature_helpers import second_signer, stored_count


def test_an_organisers_old_copy_does_not_overwrite_the_count(client, petition, sign_data):
    form_copy = Petition.objects.get(pk=petition.pk)  # the organiser opens the change form
    client.post(petition_url("en"), sign_data)
    client.post(petition_url("en"), second_signer(sign_data))
    form_copy.title_en = "A new title"
    form_copy.status = Petition.Status.CLOSED
    form_copy.save()
    assert stored_count(petition) == 2
    saved = Petition.objects.get(pk=petition.pk)
    assert (saved.title_en, saved.status) == ("A new title", "closed")


def test_requiring_confirmation_then_not_keeps_the_count_exact(client, petition, sign_data):
    client.post(petition_url("en"), sign_data)
    petition.refresh_from_db()
    petition.requires_confirmation = True
    lifecycle.save_petition(petition)
    assert stored_count(petition) == Signature.objects.counted().count() == 0
    client.post(petition_url("en"), second_signer(sign_data))  # waits for confirmation
    petition.refresh_from_db()
    petition.requires_confirmation = False
    lifecycle.save_petition(petition)
    assert stored_count(petition) == Signature.objects.counted().count() == 2


def test_a_receipt_is_not_sent_for_a_signature_that_no_longer_counts(petition, sign_data):
    signature = Signature.objects.create(
        petition=petition,
        **{k: v for k, v in sign_data.items() if k not in ("public", "started")},
        language="es",
    )
    Petition.objects.filter(pk=petition.pk).update(requires_confirmation=True)
    assert email_for(signature.pk, RECEIPT) is None
    Petition.objects.filter(pk=petition.pk).update(requires_confirmation=False)
    assert email_for(signature.pk, RECEIPT).to == ["jose@example.com"]

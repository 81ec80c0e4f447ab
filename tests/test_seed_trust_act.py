from django.core.management import call_command

from campaigns.models import Campaign
from petitions.models import Petition, Signature
from tests.signature_helpers import set_stored_count


def _seed():
    call_command("seed_trust_act", stdout=open("/dev/null", "w"))


def _snapshot():
    return (
        list(Campaign.objects.values()),
        list(Petition.objects.values()),
        list(Signature.objects.values()),
    )


def test_seed_loads_petition_in_both_languages(db):
    _seed()
    petition = Petition.objects.get(slug="trust-act-2018")
    assert petition.campaign.slug == "connecticut-trust-act"
    assert petition.status == Petition.Status.OPEN
    assert petition.title_en.startswith("Protect Connecticut Residents from Deportation")
    assert petition.title_es.startswith("Protejan a los residentes de Connecticut")
    assert petition.target_en == "Connecticut General Assembly"
    assert petition.target_es == "Asamblea General de Connecticut"
    assert petition.statement_en.startswith("Pass the 2018 Connecticut Trust Act")
    assert petition.statement_es.startswith("Aprueben la Ley de Confianza de 2018")
    assert petition.delivery_plan_en == "By hand."
    assert petition.delivery_plan_es == "En persona."
    assert petition.missing_translations() == []


def test_seed_removes_the_source_duplication_and_fixes_the_spanish_numbering(db):
    _seed()
    petition = Petition.objects.get(slug="trust-act-2018")
    for text in (petition.background_en, petition.background_es):
        paragraphs = text.split("\n\n")
        assert len(paragraphs) == len(set(paragraphs)), "a paragraph appears twice"
    assert petition.background_en.count("As a result of years of organizing") == 1
    assert petition.background_es.count("Como resultado de años de lucha") == 1
    assert petition.statement_es.count("Aprueben") == 1
    spanish = petition.background_es
    assert "juez; 2) la comunicación" in spanish
    assert "3) las interrogaciones" in spanish
    assert ";)" not in spanish
    assert "3) ICE interrogations" in petition.background_en


def test_seed_twice_changes_nothing_and_never_touches_signatures(db):
    _seed()
    petition = Petition.objects.get(slug="trust-act-2018")
    Signature.objects.create(
        petition=petition,
        first_name="Ana",
        last_name="Ruiz",
        email="ana@example.com",
        postal_code="06106",
        language="es",
    )
    set_stored_count(petition, 1)
    before = _snapshot()
    _seed()
    assert _snapshot() == before
    assert Campaign.objects.count() == 1
    assert Petition.objects.count() == 1

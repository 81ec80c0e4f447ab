"""Helpers for tests of the organiser's side: signatures, a second campaign, an organiser."""

import datetime
import itertools

from django.contrib.auth.models import User
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.roles import make_organiser
from petitions import signing
from petitions.models import CountShard, Petition

_numbers = itertools.count(1)


def add_signature(petition, **fields):
    """A stored, counted signature (through signing.sign, so the count stays exact)."""
    n = next(_numbers)
    language = fields.pop("language", "en")
    data = {
        "first_name": f"Ana{chr(96 + n % 26 + 1)}",
        "last_name": "Nuñez",
        "email": f"signer{n}@example.com",
        "postal_code": "06106",
        "town": "Hartford",
        "state": "CT",
        "comment": "",
        "public": False,
        "updates_opt_in": False,
        **fields,
    }
    signature, created = signing.sign(petition, data, language=language)
    assert created
    return signature


def at(day, hour=12):
    """An aware datetime on 2018-03-`day`, local time."""
    return timezone.make_aware(datetime.datetime(2018, 3, day, hour))


def other_petition():
    campaign = Campaign.objects.create(slug="other", title="Other campaign")
    return Petition.objects.create(
        campaign=campaign,
        slug="other-petition",
        title_en="Other",
        title_es="Otra",
        target_en="Someone",
        target_es="Alguien",
        statement_en="Please.",
        statement_es="Por favor.",
        status=Petition.Status.OPEN,
    )


def organiser_of(*campaigns, username="organiser"):
    user = User.objects.create_user(username, password="pw")
    make_organiser(user, *campaigns)
    return user


def second_signer(sign_data):
    """The form `sign_data` filled in by another person."""
    return {**sign_data, "email": "second@example.com", "first_name": "Ana"}


def stored_count(petition):
    """The petition's count as stored now (not the copy a test holds)."""
    return Petition.objects.get(pk=petition.pk).signature_count


def set_stored_count(petition, number):
    """Make the stored count `number` behind the lifecycle's back (its base, and no shard)."""
    Petition.objects.filter(pk=petition.pk).update(count_base=number)
    CountShard.objects.filter(petition=petition).update(count=0)

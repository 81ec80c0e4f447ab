"""Demo data for the seeded petition, so that a newcomer sees a living one (`manage.py demo`).

A few thousand signatures from Connecticut towns (real ZIP codes, from the `zipcodes` data), in
both languages, spread over the last six weeks with two spikes; an upcoming event; a delivery
recorded ten days ago and the update announcing it.

Everything is marked and found again by its mark, so that `manage.py demo --remove` takes out
exactly what was added: signatures by their email domain (`.invalid` can never be a real
address, RFC 2606), the event and the update by the demo link they carry, the delivery by its note.
"""

import random
import secrets
import unicodedata
from datetime import datetime, time, timedelta

import zipcodes
from django.db import transaction
from django.utils import timezone

# The one place this module names Update: it may move to another app (issue 11).
from campaigns.models import Event
from outreach.models import Update as _Update
from petitions import lifecycle
from petitions.deliveries import record
from petitions.models import Delivery, Petition, Signature

PETITION_SLUG = "trust-act-2018"
EMAIL_DOMAIN = "demo.firmamos.invalid"
DEMO_LINK = f"https://{EMAIL_DOMAIN}/"
DELIVERY_NOTE = "Demo data: `python manage.py demo --remove` removes it."
DEFAULT_COUNT = 3000
DAYS = 42
SPIKES = {18: 6.0, 5: 4.0}  # days ago: times the usual rate (a WhatsApp share, a rally)

# Where Connecticut's immigrant communities live: these towns get more signers than the rest.
BIG_TOWNS = {
    "Hartford": 14, "New Haven": 12, "Bridgeport": 12, "Stamford": 8, "Waterbury": 7,
    "Danbury": 7, "New Britain": 6, "Norwalk": 5, "Meriden": 4, "East Hartford": 4,
    "Willimantic": 3, "New London": 3, "Norwich": 2, "West Haven": 2, "Middletown": 2,
}  # fmt: skip

SPANISH_FIRST = [
    "José María", "María José", "Ana Lucía", "Juan Pablo", "José", "María", "Luis", "Carmen",
    "Jesús", "Guadalupe", "Héctor", "Inés", "Raúl", "Sofía", "Andrés", "Mónica", "Yesenia",
    "Ángel", "Lucía", "Rocío", "Joaquín", "Marisol", "Edwin", "Xiomara", "Julián", "Nélida",
]  # fmt: skip
SPANISH_LAST = [
    "Nuñez-Ortiz", "García López", "Rodríguez", "Peña", "Martínez-Soto", "Hernández", "Muñoz",
    "Pérez", "Gómez", "Díaz-Rivera", "Colón", "Santiago", "Quiñones", "Velázquez", "Ortega",
    "Domínguez", "Ramírez", "Báez", "Cruz-Meléndez", "Jiménez", "Sánchez", "Castillo", "Ibáñez",
]  # fmt: skip
ENGLISH_FIRST = [
    "Mary", "James", "Linh", "Kwame", "Sarah", "Michael", "Aisha", "Patrick", "Chloé", "Wei",
    "Emily", "Jean-Baptiste", "Fatima", "Daniel", "Rosa", "Tomasz", "Grace", "Nadia", "João",
]  # fmt: skip
ENGLISH_LAST = [
    "O'Brien", "Smith", "Nguyen", "Mensah", "Johnson", "Kowalski", "D'Amato", "Pierre-Louis",
    "Silva", "Chen", "Murphy", "Haddad", "Rossi", "Williams", "Baptiste", "Pereira", "Okafor",
]  # fmt: skip
COMMENTS = {
    "es": [
        "Nuestras familias merecen vivir sin miedo.",
        "Firmo por mi mamá y por mis vecinos.",
        "La policía local no debe hacer el trabajo de ICE.",
    ],
    "en": [
        "Keep families together in Connecticut.",
        "I sign for my neighbors.",
        "Local police should not do ICE's job.",
    ],
}
EVENT = {
    "title_en": "Demo · Rally for the Trust Act at the State Capitol",
    "title_es": "Ejemplo · Concentración por la Ley de Confianza en el Capitolio",
    "description_en": "Demo event, added by `manage.py demo`. Bring a sign and a friend.",
    "description_es": "Evento de ejemplo, agregado por `manage.py demo`. Traiga un cartel y "
    "a una amistad.",
    "place_en": "Connecticut State Capitol",
    "place_es": "Capitolio del Estado de Connecticut",
    "address": "210 Capitol Ave, Hartford, CT 06106",
}
UPDATE = {
    "title_en": "Demo · Signatures delivered to the General Assembly",
    "title_es": "Ejemplo · Entregamos las firmas a la Asamblea General",
    "body_en": "Demo update, added by `manage.py demo`: volunteers delivered {count} signatures "
    "by hand at the Legislative Office Building in Hartford. Thank you for signing!",
    "body_es": "Noticia de ejemplo, agregada por `manage.py demo`: voluntarios entregaron {count} "
    "firmas en mano en el Edificio de Oficinas Legislativas de Hartford. ¡Gracias por firmar!",
}


def demo_signatures():
    return Signature.objects.filter(email__iendswith="@" + EMAIL_DOMAIN)


def _ascii(text):
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == " ").replace(" ", ".")


def _ct_zips():
    """Connecticut's active street ZIP codes, each with a weight (big towns weigh more)."""
    found = [
        z
        for z in zipcodes.filter_by(state="CT")
        if z["active"] and z["zip_code_type"] == "STANDARD"
    ]
    return found, [3 * BIG_TOWNS.get(z["city"], 0) + 1 for z in found]


def _days_ago_weights():
    """A rate that grows as the word spreads, with the spikes."""
    return [(1 + (DAYS - day) / DAYS) * SPIKES.get(day, 1) for day in range(DAYS)]


def _signed_at(rng, now, day):
    local_day = timezone.localdate(now) - timedelta(days=day)
    hour = rng.choices(range(24), weights=[1] * 7 + [3] * 5 + [4] * 6 + [6] * 4 + [2] * 2)[0]
    moment = datetime.combine(local_day, time(hour, rng.randrange(60), rng.randrange(60)))
    moment = timezone.make_aware(moment)
    if moment >= now:  # today, later than now: earlier today instead
        since_midnight = int(
            (now - timezone.make_aware(datetime.combine(local_day, time()))).total_seconds()
        )
        moment = now - timedelta(seconds=rng.randrange(60, max(61, since_midnight)))
    return moment


def build_signatures(petition, count, rng, now):
    """`count` unsaved demo signatures of `petition`."""
    zips, zip_weights = _ct_zips()
    day_weights = _days_ago_weights()
    rows = []
    for number in range(count):
        spanish = rng.random() < 0.58
        latino = rng.random() < (0.85 if spanish else 0.3)  # many bilingual signers use English
        firsts, lasts = (SPANISH_FIRST, SPANISH_LAST) if latino else (ENGLISH_FIRST, ENGLISH_LAST)
        first, last = rng.choice(firsts), rng.choice(lasts)
        language = "es" if spanish else "en"
        place = rng.choices(zips, weights=zip_weights)[0]
        signed_at = _signed_at(rng, now, rng.choices(range(DAYS), weights=day_weights)[0])
        rows.append(
            Signature(
                petition=petition,
                first_name=first,
                last_name=last,
                email=f"{_ascii(first)}.{_ascii(last)}.{number}@{EMAIL_DOMAIN}",
                postal_code=place["zip_code"],
                town=place["city"],
                state="CT",
                comment=rng.choice(COMMENTS[language]) if rng.random() < 0.08 else "",
                public=rng.random() < 0.6,
                updates_opt_in=rng.random() < 0.45,
                language=language,
                source=Signature.Source.PAPER if rng.random() < 0.05 else Signature.Source.ONLINE,
                signed_at=signed_at,
                confirmed_at=signed_at + timedelta(minutes=rng.randrange(1, 30)),
                ip_hash=secrets.token_hex(32),
            )
        )
    return rows


def _recount(petition):
    """The one call into the counting code: the stored count equals the counted signatures."""
    return lifecycle.recount(petition)


@transaction.atomic
def add(count=DEFAULT_COUNT, *, seed=2018, now=None):
    """Add the demo to the seeded petition; returns a summary, or None if it is already there."""
    petition = Petition.objects.select_for_update().get(slug=PETITION_SLUG)
    if demo_signatures().filter(petition=petition).exists():
        return None
    rng = random.Random(seed)
    now = now or timezone.now()
    Signature.objects.bulk_create(build_signatures(petition, count, rng, now), batch_size=500)
    delivered_on = timezone.localdate(now) - timedelta(days=10)
    delivery = record(
        petition,
        demo_signatures().filter(petition=petition, signed_at__date__lt=delivered_on),
        status=Delivery.Status.DELIVERED,
        delivered_on=delivered_on,
        place="Legislative Office Building, Hartford",
        delivered_by="Coalition volunteers",
        notes=DELIVERY_NOTE,
    )
    _Update.objects.create(
        campaign=petition.campaign,
        petition=petition,
        delivery=delivery,
        published_on=delivered_on,
        source_url=DEMO_LINK,
        **{k: v.format(count=f"{delivery.signature_count:,}") for k, v in UPDATE.items()},
    )
    event_day = timezone.localdate(now) + timedelta(days=12)
    starts = timezone.make_aware(datetime.combine(event_day, time(17, 30)))
    Event.objects.create(
        campaign=petition.campaign,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        url=DEMO_LINK,
        **EVENT,
    )
    total = _recount(petition)
    return {"signatures": count, "delivered": delivery.signature_count, "count": total}


@transaction.atomic
def remove():
    """Remove every demo object; returns how many signatures went. The count stays exact."""
    petition = Petition.objects.select_for_update().filter(slug=PETITION_SLUG).first()
    if petition is None:
        return 0
    Event.objects.filter(url=DEMO_LINK).delete()
    _Update.objects.filter(source_url=DEMO_LINK).delete()
    _total, by_model = demo_signatures().filter(petition=petition).delete()
    removed = by_model.get(Signature._meta.label, 0)
    Delivery.objects.filter(notes=DELIVERY_NOTE, signatures__isnull=True).delete()
    _recount(petition)
    return removed

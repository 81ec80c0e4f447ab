"""The campaign page in both languages: story, petitions, events, updates timeline, partners."""

import datetime

from campaigns.models import Partner
from tests.campaign_helpers import event, update

EN = "/en/campaigns/connecticut-trust-act/"
ES = "/es/campanas/connecticut-trust-act/"


def _main(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") :]


def _in_order(html, *needles):
    positions = [html.index(n) for n in needles]
    assert positions == sorted(positions), needles
    return positions


def test_events_upcoming_soonest_first_then_past_most_recent_first(client, petition):
    campaign = petition.campaign
    event(campaign, "Far rally", 30)
    event(campaign, "Near vigil", 2)
    event(campaign, "Last month forum", -30)
    event(campaign, "Yesterday march", -1)
    html = _main(client, EN)
    _in_order(
        html,
        "Coming up",
        "Near vigil",
        "Far rally",
        "Past events",
        "Yesterday march",
        "Last month forum",
        # the seeded 2017 events are the oldest
        "May Day marches",
        "“We are here to stay” rally",
    )
    html_es = _main(client, ES)
    _in_order(
        html_es,
        "Próximos eventos",
        "Near vigil (es)",
        "Far rally (es)",
        "Eventos pasados",
        "Yesterday march (es)",
        "Marchas del 1 de mayo",
        "Concentración “Aquí nos quedamos”",
    )
    assert "Near vigil (es)" not in html  # each page speaks its own language
    assert "Near vigil</h3>" not in html_es


def test_an_event_lasting_today_is_still_upcoming(client, petition):
    event(petition.campaign, "All-day fair", 0, all_day=True)
    html = _main(client, EN)
    _in_order(html, "Coming up", "All-day fair", "Past events")


def test_timeline_newest_first_in_each_language(client, petition):
    html = _main(client, EN)
    _in_order(
        html,
        "What has happened so far",
        "State leaders gather at the Capitol",  # 2024
        "Connecticut updates its law",  # 2019
        "Our petition: close the loopholes",  # 2018
        "“We are here to stay”: a rally",  # April 2017
        "State guidelines: a detainer is a request",  # February 2017
        "The Department of Correction narrows",  # 2015
        "Connecticut passes the TRUST Act",  # 2013
    )
    assert "November 18, 2024" in html
    assert "February 2017" in html
    assert "Source: WTNH, April 3, 2017." in html
    html_es = _main(client, ES)
    _in_order(
        html_es,
        "Lo que ha pasado hasta ahora",
        "Líderes del estado se reúnen en el Capitolio",
        "Connecticut actualiza su ley",
        "Nuestra petición: cerrar los huecos",
        "“Aquí nos quedamos”: concentración",
        "Pautas del estado",
        "El Departamento de Corrección reduce",
        "Connecticut aprueba la Ley TRUST",
    )
    assert "18 de noviembre de 2024" in html_es
    assert "febrero de 2017" in html_es
    assert "Fuente: WTNH, 3 de abril de 2017." in html_es


def test_a_new_update_tops_the_timeline_and_drafts_stay_hidden(client, petition):
    update(petition.campaign, "Delivered to the Capitol", datetime.date(2025, 3, 1))
    update(petition.campaign, "Draft news", datetime.date(2025, 4, 1), is_published=False)
    html = _main(client, EN)
    _in_order(html, "Delivered to the Capitol", "State leaders gather at the Capitol")
    assert "Draft news" not in html


def test_partners_in_their_order_with_descriptions_in_the_page_language(client, petition):
    Partner.objects.filter(name="CT Students for a Dream").update(position=0)
    Partner.objects.filter(name="Connecticut Immigrant Rights Alliance").update(position=1)
    html = _main(client, EN)
    html = html[html.index("Who is behind it") :]
    _in_order(
        html,
        "CT Students for a Dream",
        "Connecticut Immigrant Rights Alliance",
        "Unidad Latina en Acción",
    )
    for name in ("Junta for Progressive Action", "32BJ SEIU", "ACLU of Connecticut"):
        assert name in html
    assert "Statewide coalition of immigrant" in html
    html_es = _main(client, ES)
    html_es = html_es[html_es.index("Quiénes están detrás") :]
    _in_order(html_es, "CT Students for a Dream", "Hispanic Federation")
    assert "Coalición estatal de organizaciones inmigrantes" in html_es


def test_page_order_story_petitions_events_updates_partners(client, petition):
    html = _main(client, ES)
    _in_order(
        html,
        "Ley de Confianza de Connecticut",
        "En 2013 Connecticut fue el primer estado",
        "Peticiones",
        "Protejan a los residentes",
        "Eventos",
        "Lo que ha pasado hasta ahora",
        "Quiénes están detrás",
    )
    assert "de 100 firmas" in html


def test_petition_page_shows_its_own_updates_only(client, petition):
    update(petition.campaign, "Signatures delivered", datetime.date(2025, 3, 1), petition=petition)
    html = client.get("/en/petitions/trust-act-2018/").content.decode()
    # The sign form comes first (phone first), then the why, the delivery plan and the updates.
    _in_order(html, 'id="sign"', "How it will be delivered", "Updates", "Signatures delivered")
    assert "Connecticut passes the TRUST Act" not in html  # campaign-only timeline items
    html_es = client.get("/es/peticiones/trust-act-2018/").content.decode()
    assert "Signatures delivered (es)" in html_es
    assert "Texto de Signatures delivered." in html_es


def test_home_leads_with_the_open_campaign(client, petition):
    event(petition.campaign, "Vigil at the Capitol", 5)
    html = _main(client, "/es/")
    _in_order(
        html,
        "Ley de Confianza de Connecticut",
        "Próximo evento:",
        "Vigil at the Capitol (es)",
        "Peticiones abiertas",
        "Protejan a los residentes",
    )
    assert 'href="/es/campanas/connecticut-trust-act/"' in html


def test_unpublished_campaign_page_is_404(client, petition):
    petition.campaign.is_published = False
    petition.campaign.save()
    assert client.get(EN).status_code == 404

"""The Trust Act campaign's timeline, events and partners, in our own words.

Facts and dates come from the source documents in shared/seeds (see their README): a 32BJ SEIU news
release (June 3, 2013), CTnewsjunkie (February 2017), WTNH (April 3, 2017), News 12 Connecticut
(November 18, 2024) and the 2018 petition itself. Each update names its source at the end of its
text. Only what those sources say is here: no times for the 2017 events (they are all-day), and no
made-up links.

`load(campaign)` is idempotent: an item is looked up by its date (events, updates) or name
(partners) and left as it is when already there, so organizers' edits survive a second run.
"""

import datetime
from zoneinfo import ZoneInfo

from campaigns.models import Event, Partner
from outreach.models import Update

NEW_YORK = ZoneInfo("America/New_York")


def _day(year, month, day):
    return datetime.datetime(year, month, day, tzinfo=NEW_YORK)


UPDATES = [
    {
        "published_on": datetime.date(2013, 6, 3),
        "date_precision": "day",
        "title_en": "Connecticut passes the TRUST Act, the first state to limit Secure Communities",
        "title_es": (
            "Connecticut aprueba la Ley TRUST: el primer estado en limitar Comunidades Seguras"
        ),
        "body_en": (
            "Not one legislator voted against it. The House approved the TRUST Act unanimously on "
            "May 22, and the Senate followed, also unanimously, in early June. With Governor "
            "Malloy's signature, Connecticut became the first state in the country to formally "
            "limit its part in the federal Secure Communities program: state agencies and towns "
            "could hold someone for immigration agents only if that person had been convicted of "
            "a serious or violent felony. The Connecticut Immigrant Rights Alliance and its member "
            "groups had pushed for it since February 2012.\n\n"
            "Source: 32BJ SEIU news release, June 3, 2013."
        ),
        "body_es": (
            "Ningún legislador votó en contra. La Cámara de Representantes aprobó la Ley TRUST por "
            "unanimidad el 22 de mayo, y el Senado hizo lo mismo, también por unanimidad, a "
            "principios de junio. Con la firma del gobernador Malloy, Connecticut pasó a ser el "
            "primer estado del país en limitar formalmente su participación en el programa federal "
            "Comunidades Seguras: las agencias estatales y los municipios solo podrían retener a "
            "una persona para inmigración si tenía una condena por un delito grave o violento. "
            "La Alianza por los Derechos de los Inmigrantes de Connecticut (CIRA) y sus "
            "organizaciones miembro venían luchando por esta ley desde febrero de 2012.\n\n"
            "Fuente: comunicado de prensa de 32BJ SEIU, 3 de junio de 2013."
        ),
    },
    {
        "published_on": datetime.date(2015, 1, 1),
        "date_precision": "year",
        "title_en": "The Department of Correction narrows its work with ICE",
        "title_es": "El Departamento de Corrección reduce su colaboración con ICE",
        "body_en": (
            "The state Department of Correction changed its Administrative Directive 9.3 so that "
            "its staff would cooperate less with immigration agents. Both this directive and the "
            "2013 law still left gaps that let people be held at ICE's request, which is why the "
            "coalition kept pressing.\n\n"
            "Source: the 2018 Connecticut Trust Act petition."
        ),
        "body_es": (
            "El Departamento de Corrección del estado modificó su Directriz Administrativa 9.3 "
            "para que sus empleados colaboraran menos con los agentes de inmigración. Tanto esta "
            "directriz como la ley de 2013 dejaban todavía huecos que permitían retener a personas "
            "a pedido de ICE, y por eso la coalición siguió insistiendo.\n\n"
            "Fuente: la petición de 2018 por la Ley de Confianza de Connecticut."
        ),
    },
    {
        "published_on": datetime.date(2017, 2, 1),
        "date_precision": "month",
        "title_en": "State guidelines: a detainer is a request, and ICE at schools goes to the "
        "superintendent",
        "title_es": "Pautas del estado: una orden de retención es solo una solicitud, y las "
        "visitas de ICE a escuelas van al superintendente",
        "body_en": (
            "After new federal immigration orders, Governor Dannel Malloy sent guidance to police "
            "chiefs and school superintendents. An ICE detainer is only a request, not a warrant "
            "or an order, and should be honored only with a warrant from a judge. Police should "
            "not act just to enforce federal immigration law or give ICE access to people in their "
            "custody, and an ICE agent who comes to a school for information about a student "
            "should be sent to the superintendent's office. CIRA, Junta for Progressive Action and "
            "other groups welcomed the guidance.\n\n"
            "Source: CTnewsjunkie, February 2017."
        ),
        "body_es": (
            "Tras las nuevas órdenes federales de inmigración, el gobernador Dannel Malloy envió "
            "pautas a los jefes de policía y a los superintendentes escolares. Una orden de "
            "retención (detainer) de ICE es solo una solicitud, no una orden judicial, y solo debe "
            "cumplirse si la acompaña una orden firmada por un juez. La policía no debe actuar "
            "solo para hacer cumplir la ley federal de inmigración ni darle a ICE acceso a las "
            "personas bajo su custodia, y un agente de ICE que llegue a una escuela pidiendo "
            "información sobre un estudiante debe ser enviado a la oficina del superintendente. "
            "CIRA, Junta for Progressive Action y otros grupos recibieron bien estas pautas.\n\n"
            "Fuente: CTnewsjunkie, febrero de 2017."
        ),
    },
    {
        "published_on": datetime.date(2017, 4, 29),
        "date_precision": "day",
        "title_en": "“We are here to stay”: a rally at the State Capitol and May 1 marches",
        "title_es": "“Aquí nos quedamos”: concentración en el Capitolio y marchas del 1 de mayo",
        "body_en": (
            "Immigrant rights groups, together with the ACLU of Connecticut and the Hispanic "
            "Federation, called a “We are here to stay” rally at the State Capitol in Hartford on "
            "April 29, followed by marches on May 1 in New Haven and in other cities. It was their "
            "answer to federal immigration raids aimed at Connecticut and its cities, which had "
            "filled immigrant families, with and without papers, with fear.\n\n"
            "Source: WTNH, April 3, 2017."
        ),
        "body_es": (
            "Organizaciones por los derechos de los inmigrantes, junto con la ACLU of Connecticut "
            "y la Hispanic Federation, convocaron una concentración “Aquí nos quedamos” (We are "
            "here to stay) en el Capitolio estatal, en Hartford, el 29 de abril, y marchas el 1 de "
            "mayo en New Haven y otras ciudades. Fue su respuesta a las redadas federales "
            "dirigidas a Connecticut y sus ciudades, que llenaron de miedo a las familias "
            "inmigrantes, con y sin papeles.\n\n"
            "Fuente: WTNH, 3 de abril de 2017."
        ),
    },
    {
        "published_on": datetime.date(2018, 1, 1),
        "date_precision": "year",
        "title_en": "Our petition: close the loopholes in the Trust Act",
        "title_es": "Nuestra petición: cerrar los huecos de la Ley de Confianza",
        "body_en": (
            "We asked the General Assembly to strengthen the Trust Act in its 2018 session: stop "
            "honoring immigration detainers that come without a judge's warrant, limit what state "
            "law enforcement tells ICE, and keep ICE interviews out of Department of Correction "
            "facilities.\n\n"
            "Source: the 2018 Connecticut Trust Act petition."
        ),
        "body_es": (
            "Le pedimos a la Asamblea General que fortaleciera la Ley de Confianza en su sesión de "
            "2018: dejar de cumplir las órdenes de retención de inmigración que no traigan una "
            "orden de un juez, limitar lo que la policía del estado le comunica a ICE y que ICE no "
            "haga entrevistas dentro de las instalaciones del Departamento de Corrección.\n\n"
            "Fuente: la petición de 2018 por la Ley de Confianza de Connecticut."
        ),
    },
    {
        "published_on": datetime.date(2019, 1, 1),
        "date_precision": "year",
        "title_en": "Connecticut updates its law on working with ICE",
        "title_es": "Connecticut actualiza su ley sobre la colaboración con ICE",
        "body_en": (
            "The state updated its legislation with new rules on how police work and cooperate "
            "with U.S. Immigration and Customs Enforcement.\n\n"
            "Source: News 12 Connecticut, November 18, 2024."
        ),
        "body_es": (
            "El estado actualizó su legislación con nuevas reglas sobre cómo la policía trabaja y "
            "colabora con el Servicio de Inmigración y Control de Aduanas (ICE).\n\n"
            "Fuente: News 12 Connecticut, 18 de noviembre de 2024."
        ),
    },
    {
        "published_on": datetime.date(2024, 11, 18),
        "date_precision": "day",
        "title_en": "State leaders gather at the Capitol to stand with immigrants",
        "title_es": "Líderes del estado se reúnen en el Capitolio para apoyar a los inmigrantes",
        "body_en": (
            "With the incoming federal administration promising the largest deportation effort in "
            "the country's history, state leaders, among them Attorney General William Tong and "
            "Norwalk Mayor Harry Rilling, held a press conference at the State Capitol to say that "
            "Connecticut welcomes immigrants. Community groups are sharing resources and planning "
            "how to protect families from separation. About 110,000 undocumented immigrants live "
            "in the state.\n\n"
            "Source: News 12 Connecticut, November 18, 2024."
        ),
        "body_es": (
            "Ante la promesa del nuevo gobierno federal de hacer las mayores deportaciones de la "
            "historia del país, líderes del estado, entre ellos el procurador general William Tong "
            "y el alcalde de Norwalk, Harry Rilling, dieron una conferencia de prensa en el "
            "Capitolio estatal para decir que Connecticut les da la bienvenida a los inmigrantes. "
            "Las organizaciones comunitarias comparten recursos y planean cómo evitar que se "
            "separen familias. En el estado viven unos 110,000 inmigrantes indocumentados.\n\n"
            "Fuente: News 12 Connecticut, 18 de noviembre de 2024."
        ),
    },
]

EVENTS = [
    {
        "starts_at": _day(2017, 4, 29),
        "all_day": True,
        "title_en": "“We are here to stay” rally",
        "title_es": "Concentración “Aquí nos quedamos”",
        "description_en": (
            "Immigrant rights groups and their allies rally at the State Capitol in answer to "
            "federal immigration raids in Connecticut."
        ),
        "description_es": (
            "Organizaciones por los derechos de los inmigrantes y sus aliados se concentran en el "
            "Capitolio estatal en respuesta a las redadas de inmigración en Connecticut."
        ),
        "place_en": "Connecticut State Capitol",
        "place_es": "Capitolio del Estado de Connecticut",
        "address": "210 Capitol Avenue, Hartford, CT 06106",
    },
    {
        "starts_at": _day(2017, 5, 1),
        "all_day": True,
        "title_en": "May Day marches",
        "title_es": "Marchas del 1 de mayo",
        "description_en": "Marches for immigrant families in New Haven and in other cities.",
        "description_es": "Marchas por las familias inmigrantes en New Haven y en otras ciudades.",
        "place_en": "New Haven and other cities",
        "place_es": "New Haven y otras ciudades",
        "address": "New Haven, CT",
    },
]

PARTNERS = [
    {
        "name": "Connecticut Immigrant Rights Alliance",
        "description_en": (
            "Statewide coalition of immigrant, faith, labor, youth, community, business and ally "
            "organizations; it led the push for the 2013 TRUST Act."
        ),
        "description_es": (
            "Coalición estatal de organizaciones inmigrantes, religiosas, sindicales, juveniles, "
            "comunitarias, empresariales y aliadas; encabezó la lucha por la Ley TRUST de 2013."
        ),
    },
    {
        "name": "Unidad Latina en Acción",
        "description_en": "Member of the alliance; campaigned for the 2013 TRUST Act.",
        "description_es": "Miembro de la alianza; hizo campaña por la Ley TRUST de 2013.",
    },
    {
        "name": "Junta for Progressive Action",
        "description_en": (
            "Member of the alliance; called the 2013 law a historic victory and welcomed the 2017 "
            "state guidelines."
        ),
        "description_es": (
            "Miembro de la alianza; calificó la ley de 2013 de victoria histórica y apoyó las "
            "pautas del estado de 2017."
        ),
    },
    {
        "name": "32BJ SEIU",
        "description_en": (
            "The country's largest union of property service workers, and a member of the alliance."
        ),
        "description_es": (
            "El sindicato más grande del país de trabajadores de limpieza y mantenimiento de "
            "edificios, y miembro de la alianza."
        ),
        "website": "https://www.32bj.org/",
    },
    {
        "name": "ACLU of Connecticut",
        "description_en": (
            "Joined immigrant rights groups in calling the 2017 rally at the Capitol."
        ),
        "description_es": (
            "Se unió a las organizaciones inmigrantes para convocar la concentración de 2017 en "
            "el Capitolio."
        ),
        "website": "https://www.acluct.org/",
    },
    {
        "name": "Hispanic Federation",
        "description_en": (
            "Spoke up in 2017 about the fear spreading through immigrant communities in every town."
        ),
        "description_es": (
            "Denunció en 2017 el miedo que se extendía entre las comunidades inmigrantes de todos "
            "los pueblos."
        ),
        "website": "https://www.hispanicfederation.org/",
    },
    {
        "name": "CT Students for a Dream",
        "description_en": "Led by students; speaks out for families at risk of deportation.",
        "description_es": (
            "Grupo dirigido por estudiantes que alza la voz por las familias en riesgo de "
            "deportación."
        ),
    },
]


def _add(model, lookup, fields):
    """Create the item unless one with the same key is already there."""
    if model.objects.filter(**lookup).exists():
        return 0
    model.objects.create(**lookup, **fields)
    return 1


def load(campaign):
    """Add what is missing; returns {kind: number created}. Never changes an existing item."""
    created = {"updates": 0, "events": 0, "partners": 0}
    for data in UPDATES:
        fields = {k: v for k, v in data.items() if k != "published_on"}
        lookup = {"campaign": campaign, "published_on": data["published_on"]}
        created["updates"] += _add(Update, lookup, fields)
    for data in EVENTS:
        fields = {k: v for k, v in data.items() if k != "starts_at"}
        lookup = {"campaign": campaign, "starts_at": data["starts_at"]}
        created["events"] += _add(Event, lookup, fields)
    for position, data in enumerate(PARTNERS):
        fields = {k: v for k, v in data.items() if k != "name"}
        lookup = {"campaign": campaign, "name": data["name"]}
        created["partners"] += _add(Partner, lookup, {**fields, "position": position})
    return created

"""The Connecticut Trust Act campaign and its 2018 petition, as the coalition published them.

The petition text is the coalition's own (shared/seeds/004), de-duplicated, with the Spanish list of
demands numbered 1), 2), 3) as in the English. The Spanish title is ours: the source has none.

The coalition's words are kept; only plain errors are fixed (issue 15, from a native speaker's
reading), each listed here:

English
- statement: "falling victims of" → "falling victim to".
- why, 1st paragraph: "Immigration Customs Enforcement" → "Immigration and Customs Enforcement";
  "Administrative Directive 9.3." → "9.3"; "to further limited" → "to further limit".
- why, 5th: "stop the ICE" → "stop ICE".
- why, 7th: "doubling down its efforts" → "doubling down on its efforts".

Spanish
- statement: "Ley de Confianza 2018" → "Ley de Confianza de 2018".
- why, 1st: "pasando la Ley" → "aprobando la Ley"; "prohíbe que… detuvieran… los arrestara" →
  "prohíbe que… detengan… las arreste".
- why, 2nd: "para que Inmigración los arreste" → "las arreste" (las personas).
- why, 3rd: "continua" → "continúa".
- why, 4th: "Conocemos de casos" → "Conocemos casos"; "se les ha removida" → "se las ha sacado";
  "Sistema Judicial" → "sistema judicial".
- why, 5th: "Este tipo de práctica crear desconfianza, estrés, y ansiedad… y no deben" → "crea
  desconfianza, estrés y ansiedad… y no debe".
- why, 6th: "el Acta de Confianza" → "la Ley de Confianza"; "Sesión Legislativa 2018" → "Sesión
  Legislativa de 2018"; the list numbered 1)… 2)… 3) in lower case ("3) Las… la Migra" →
  "3) las… la migra").
- why, 7th: missing in the source; translated from the English ("The Trump administration is
  doubling down on its efforts… by supporting the 2018 Trust Act.").
- how it will be delivered: "En mano." → "En persona."
"""

CAMPAIGN = {
    "slug": "connecticut-trust-act",
    "title_en": "Connecticut Trust Act",
    "title_es": "Ley de Confianza de Connecticut",
    "summary_en": (
        "Immigrant families in Connecticut organizing so that local police and state agencies "
        "stop helping federal immigration enforcement tear families apart."
    ),
    "summary_es": (
        "Familias inmigrantes de Connecticut organizadas para que la policía local y las "
        "agencias del estado dejen de ayudar a la migra a separar familias."
    ),
    "story_en": (
        "In 2013 Connecticut became the first state to limit its part in the federal "
        "Secure Communities program by passing the TRUST Act. Years of organizing by immigrant "
        "communities won that law, and the same communities have kept working to close the "
        "loopholes that still let people be handed over to immigration agents.\n\n"
        "This campaign brings together the petitions, events and news of that fight, in English "
        "and in Spanish."
    ),
    "story_es": (
        "En 2013 Connecticut fue el primer estado en limitar su participación en el programa "
        "federal Comunidades Seguras al aprobar la Ley de Confianza (TRUST Act). Años de "
        "organización de las comunidades inmigrantes lograron esa ley, y esas mismas comunidades "
        "siguen trabajando para cerrar los vacíos que todavía permiten entregar a personas a la "
        "migra.\n\n"
        "Esta campaña reúne las peticiones, los eventos y las noticias de esa lucha, en inglés y "
        "en español."
    ),
    "is_published": True,
}

PETITION = {
    "slug": "trust-act-2018",
    "title_en": (
        "Protect Connecticut Residents from Deportation: Support the Connecticut Trust Act!"
    ),
    "title_es": (
        "Protejan a los residentes de Connecticut de la deportación: "
        "¡Apoyen la Ley de Confianza de Connecticut!"
    ),
    "target_en": "Connecticut General Assembly",
    "target_es": "Asamblea General de Connecticut",
    "statement_en": (
        "Pass the 2018 Connecticut Trust Act that would further limit cooperation between local "
        "law enforcement and federal deportation efforts. This would protect state residents from "
        "falling victim to the deportation dragnet."
    ),
    "statement_es": (
        "Aprueben la Ley de Confianza de 2018, que limitaría aún más la cooperación entre la "
        "policía local e inmigración. Esto protegería a los residentes del estado de "
        "convertirse en víctimas de la red de deportación."
    ),
    "background_en": "\n\n".join(
        [
            "As a result of years of organizing against the harmful cooperation between ICE and "
            "law enforcement, in 2013, Connecticut made progress by passing the TRUST ACT, which "
            "prohibits local and state law enforcement from holding individuals so that "
            "Immigration and Customs Enforcement (ICE) could arrest them. In 2015, the Department "
            "of Correction amended Administrative Directive 9.3 to further limit the cooperation "
            "between DOC staff and ICE.",
            "However, both the Trust Act and the Administrative Directive contain many loopholes "
            "which still allow law enforcement to hold people at the request of ICE without due "
            "process. Courts all over the country have held that holding an individual solely on "
            "the basis of an immigration detainer (which is a request not a warrant) is "
            "unconstitutional.",
            "Furthermore, the state of Connecticut is continuing to misuse resources and "
            "undermine trust between local communities and law enforcement. Connecticut officers "
            "are still heavily communicating with ICE about release dates, immigration status and "
            "other personal information. This discretion has proven extremely problematic "
            "especially because it ultimately leads to the individual’s arrest.",
            "We have proven cases of people all over the state who have been violently removed "
            "from our communities because they had some interaction with the justice system and "
            "staff (either DOC, Judicial Marshals, State Police, Probation Officers, etc.) were "
            "complicit in their arrest by ICE. Most recently, the staff at York Correctional "
            "delayed a bond out process while they communicated with ICE in order to transfer "
            "custody of two immigrant women.",
            "Finally, we must stop ICE from entering DOC facilities and Judicial Marshal "
            "holding cells. ICE agents are using deceptive practices to elicit information to "
            "arrest individuals and place them in removal proceedings. Individuals in custody "
            "have reported that ICE agents questioned them without identifying themselves as "
            "such, or, worse still, completely misrepresenting their identity. This type of "
            "enforcement creates mistrust, stress, and anxiety in people under our state custody "
            "and should have no place in our state.",
            "For that reason, we support reforming the Connecticut Trust Act in the 2018 "
            "Connecticut Legislative Session. Among some of the changes to the Trust Act include: "
            "1) stop honoring immigration detainers unless they are accompanied by a judicial "
            "warrant; 2) communication between ICE and our state law enforcement should be "
            "limited; 3) ICE interrogations and interviews should not take place inside our DOC "
            "facilities.",
            "The Trump administration is doubling down on its efforts to persecute our friends and "
            "neighbors. As a state, we can do more to protect all of our residents. We urge "
            "members of the Connecticut General Assembly to support and protect the immigrant "
            "community in Connecticut by supporting the 2018 Trust Act.",
        ]
    ),
    "background_es": "\n\n".join(
        [
            "Como resultado de años de lucha donde la comunidad se organizó en contra de la "
            "cooperación dañina entre la migra y la policía local, en el 2013 Connecticut dio un "
            "paso adelante aprobando la Ley de Confianza. Esta ley prohíbe que la policía y otros "
            "oficiales detengan a las personas para que la migra las arreste. En el 2015, el "
            "Departamento de Corrección enmendó su Directriz Administrativa 9.3 para limitar aún "
            "más la cooperación entre los empleados del departamento e Inmigración.",
            "Sin embargo, tanto la Ley de Confianza como la Directriz Administrativa contienen "
            "varios tecnicismos que permiten que la policía aguante a algunas personas para que "
            "Inmigración las arreste sin el debido proceso de ley. Varias cortes en todo el país "
            "han confirmado que detener a personas solo en respuesta a lo que se conoce como un "
            "“immigration hold/detainer” es inconstitucional.",
            "Además, el estado de Connecticut continúa mal utilizando recursos del estado y como "
            "consecuencia socavando la confianza entre las comunidades locales y la policía. La "
            "policía en Connecticut se está comunicando con inmigración frecuentemente. "
            "Particularmente les dejan saber las fechas de liberación, el estatus migratorio y "
            "otra información personal. Esta discreción ha sido extremadamente problemática ya "
            "que ha llevado eventualmente a que se le arreste a la persona.",
            "Conocemos casos por todo el estado donde a las personas se las ha sacado de "
            "nuestra comunidad ya que han tenido algún tipo de interacción con el sistema "
            "judicial y sus empleados (ya sea por medio del Departamento de Corrección, los "
            "Marshals Judiciales, la Policía Estatal y Oficiales de Probatoria). Recientemente, "
            "los empleados de la prisión de York retrasaron el pago de una fianza de dos mujeres "
            "inmigrantes con el simple propósito de que la migra se las llevara.",
            "Finalmente, debemos exigir que la migra deje de entrar en las prisiones del "
            "Departamento de Corrección y las cárceles de los Marshals Judiciales. Los agentes de "
            "inmigración utilizan prácticas engañosas para obtener información de las personas y "
            "arrestarlas. Individuos que han estado en las cárceles de Connecticut han reportado "
            "que los agentes de Inmigración los interrogaron sin identificarse, o, peor aún, se "
            "hicieron pasar por otra persona. Este tipo de práctica crea desconfianza, estrés y "
            "ansiedad en las personas que están bajo la custodia del estado y no debe llevarse a "
            "cabo en nuestro estado.",
            "Por esta razón, apoyamos reformar la Ley de Confianza en la Sesión Legislativa de "
            "2018 de Connecticut. Algunos de los cambios que se proponen son: 1) dejar de "
            "honrar los “immigration detainers” a menos que vengan acompañados de una orden de "
            "arresto firmada por un juez; 2) la comunicación entre la migra y la policía debe ser "
            "limitada; 3) las interrogaciones de la migra no deben llevarse a cabo en las "
            "prisiones del Departamento de Corrección.",
            "La administración de Trump está redoblando sus esfuerzos para perseguir a nuestros "
            "amigos y vecinos. Como estado, podemos hacer más para proteger a todos nuestros "
            "residentes. Les pedimos a los miembros de la Asamblea General de Connecticut que "
            "apoyen y protejan a la comunidad inmigrante de Connecticut apoyando la Ley de "
            "Confianza de 2018.",
        ]
    ),
    "delivery_plan_en": "By hand.",
    "delivery_plan_es": "En persona.",
    "goal": 100,
    "status": "open",
    # A ZIP outside Connecticut is shown back to the signer to confirm (a typo is often one);
    # `only_state` would refuse it: the coalition welcomes signers from elsewhere.
    "state": "CT",
}

"""The demo glossary: the acronyms and words the seed article and the programme use."""

from workshops.models import Term, Topic

ACRONYM, TERM = Term.Kind.ACRONYM, Term.Kind.TERM

# (slug, term, kind, expansion, aliases, topic slug, see also, definition, link)
TERMS = [
    (
        "sai",
        "SAI",
        ACRONYM,
        "Sistema di accoglienza e integrazione",
        "",
        "sai",
        ["siproimi", "sprar"],
        "La rete dei progetti di accoglienza integrata che gli enti locali realizzano, con il "
        "Fondo nazionale per le politiche e i servizi dell'asilo, per i titolari di protezione "
        "internazionale, i minori stranieri non accompagnati e, nei limiti dei posti, i "
        "richiedenti asilo: oltre a vitto e alloggio, insegnamento dell'italiano, orientamento "
        "ai servizi, al lavoro e alla casa.\n\nHa preso questo nome con il decreto-legge "
        "130/2020, convertito dalla legge 173 del dicembre 2020: prima si chiamava SIPROIMI "
        "e, fino al 2018, SPRAR.",
        ("https://www.retesai.it/", "Il sito del Servizio centrale del SAI"),
    ),
    (
        "siproimi",
        "SIPROIMI",
        ACRONYM,
        "Sistema di protezione per titolari di protezione internazionale e per minori "
        "stranieri non accompagnati",
        "",
        "sai",
        ["sai", "sprar"],
        "Il nome del sistema di accoglienza degli enti locali dal 2018 (decreto-legge "
        "113/2018) al dicembre 2020: accoglieva i titolari di protezione internazionale e i "
        "minori stranieri non accompagnati, non più i richiedenti asilo. Oggi è il SAI.",
        None,
    ),
    (
        "sprar",
        "SPRAR",
        ACRONYM,
        "Sistema di protezione per richiedenti asilo e rifugiati",
        "",
        "sai",
        ["sai", "siproimi"],
        "Il sistema di accoglienza integrata degli enti locali istituito dalla legge "
        "189/2002, con progetti sostenuti dal Fondo nazionale per le politiche e i servizi "
        "dell'asilo. Nel 2018 è diventato SIPROIMI, nel 2020 SAI.",
        None,
    ),
    (
        "cpia",
        "CPIA",
        ACRONYM,
        "Centro provinciale per l'istruzione degli adulti",
        "CPA",
        "cpia",
        [],
        "La scuola statale per gli adulti, italiani e stranieri: corsi di alfabetizzazione e "
        "di lingua italiana, percorsi per il diploma conclusivo del primo ciclo e, insieme "
        "alle scuole superiori, percorsi del secondo ciclo. I CPIA lavorano in rete con i "
        "servizi e le associazioni del territorio; nei testi si legge anche CPA.",
        None,
    ),
    (
        "fami",
        "FAMI",
        ACRONYM,
        "Fondo Asilo, Migrazione e Integrazione",
        "",
        None,
        [],
        "Il fondo dell'Unione europea per le politiche di asilo, di integrazione dei "
        "cittadini di Paesi terzi e di rimpatrio (in inglese AMIF); in Italia l'autorità "
        "responsabile è il Ministero dell'Interno. Lab'Impact è cofinanziato dal FAMI "
        "2014-2020; la seconda edizione dal FAMI 2021-2027.",
        None,
    ),
    (
        "ats",
        "ATS",
        ACRONYM,
        "Agenzia di tutela della salute",
        "",
        None,
        [],
        "In Lombardia, l'ente del servizio sanitario regionale che programma e controlla su "
        "un territorio le prestazioni sanitarie e sociosanitarie (legge regionale 23/2015); "
        "le ATS lombarde sono otto.\n\nDa non confondere con l'associazione temporanea di "
        "scopo, con cui più enti si uniscono per presentare un progetto.",
        None,
    ),
    (
        "anci",
        "ANCI",
        ACRONYM,
        "Associazione nazionale dei comuni italiani",
        "",
        None,
        [],
        "L'associazione che rappresenta i comuni italiani; ANCI Lombardia, con la sua "
        "società AnciLab, accompagna le reti territoriali di Lab'Impact e ne cura i "
        "laboratori.",
        None,
    ),
    (
        "ambito-territoriale",
        "Ambito territoriale",
        TERM,
        "",
        "Ambito\nAmbiti territoriali",
        None,
        ["capofila"],
        "L'insieme di comuni vicini che programmano insieme i servizi sociali con il Piano di "
        "zona (legge 328/2000). In Lab'Impact ciascuno dei 35 Ambiti coinvolti è capofila di "
        "una rete territoriale.",
        None,
    ),
    (
        "capofila",
        "capofila",
        TERM,
        "",
        "ente capofila",
        None,
        ["ambito-territoriale"],
        "L'ente che guida un progetto o una rete di partner: presenta la proposta, firma gli "
        "accordi con chi finanzia, coordina i partner e risponde dei risultati. Capofila del "
        "piano Lab'Impact è Regione Lombardia; di ogni rete territoriale, l'Ambito.",
        None,
    ),
    (
        "coprogrammazione",
        "coprogrammazione",
        TERM,
        "",
        "co-programmazione",
        "coprogettazione",
        ["coprogettazione", "terzo-settore"],
        "La fase in cui un ente pubblico e gli enti del terzo settore individuano insieme i "
        "bisogni di un territorio, gli interventi necessari, i modi di realizzarli e le "
        "risorse disponibili (articolo 55 del Codice del terzo settore, decreto legislativo "
        "117/2017).",
        None,
    ),
    (
        "coprogettazione",
        "coprogettazione",
        TERM,
        "",
        "co-progettazione",
        "coprogettazione",
        ["coprogrammazione", "terzo-settore"],
        "Il modo in cui un ente pubblico e gli enti del terzo settore, scelti con una "
        "procedura pubblica e trasparente, definiscono e realizzano insieme un progetto o un "
        "servizio, mettendo in comune risorse e competenze (articolo 55 del Codice del terzo "
        "settore, decreto legislativo 117/2017). Di solito segue la coprogrammazione.",
        None,
    ),
    (
        "terzo-settore",
        "terzo settore",
        TERM,
        "",
        "enti del terzo settore\nETS",
        None,
        [],
        "Gli enti privati senza scopo di lucro che perseguono finalità civiche, solidaristiche "
        "e di utilità sociale: associazioni, organizzazioni di volontariato, cooperative "
        "sociali, fondazioni, imprese sociali (Codice del terzo settore, decreto legislativo "
        "117/2017).",
        None,
    ),
    (
        "qubi",
        "QuBì",
        TERM,
        "",
        "QuBi",
        "qubi",
        [],
        "«QuBì – La ricetta contro la povertà infantile», il programma promosso da Fondazione "
        "Cariplo a Milano: reti di quartiere di enti pubblici, terzo settore, imprese e "
        "cittadini contro la povertà dei bambini e delle loro famiglie, verso un «Patto per "
        "la Città».",
        None,
    ),
]


def load_glossary():
    """Create or update the demo glossary, published; running it twice changes nothing."""
    terms = {}
    for slug, term, kind, expansion, aliases, topic, _related, definition, link in TERMS:
        link_url, link_label = link or ("", "")
        terms[slug], _ = Term.objects.update_or_create(
            slug=slug,
            defaults={
                "term": term,
                "kind": kind,
                "expansion": expansion,
                "aliases": aliases,
                "definition": definition,
                "topic": Topic.objects.filter(slug=topic).first() if topic else None,
                "link_url": link_url,
                "link_label": link_label,
                "is_published": True,
            },
        )
    for slug, *_, related, _definition, _link in TERMS:
        terms[slug].related_terms.set([terms[other] for other in related])
    return terms

"""The words the sample programme is made of: Italian as the programme's pages write it.

Invented people, places and organisations in the vocabulary of the real programme
(coprogettazione, SAI, QuBì, CPIA, reti territoriali in Lombardia), with the untidiness of
real content: long titles and roles, long words, two kinds of apostrophe, missing parts.
"""

# The slug prefix and the visible label of everything the sample adds (see sample.py).
SLUG_PREFIX = "esempio-"
MARKER = "Contenuto di esempio"

TOPICS = [
    # (slug without prefix, name, aliases, description)
    (
        "mediazione-interculturale",
        "Mediazione interculturale",
        "Mediazione linguistico-culturale",
        "Mediatori e mediatrici nei servizi sociali, sanitari e scolastici.",
    ),
    (
        "lingua-italiana",
        "Lingua italiana e alfabetizzazione",
        "Italiano L2\nAlfabetizzazione",
        "Corsi di italiano per adulti, certificazioni e percorsi di alfabetizzazione.",
    ),
    (
        "lavoro-orientamento",
        "Lavoro e orientamento",
        "Inserimento lavorativo",
        "Tirocini, bilancio delle competenze e accompagnamento al lavoro.",
    ),
    (
        "casa-abitare",
        "Casa e abitare",
        "Housing sociale",
        "L'accesso alla casa dopo l'accoglienza: agenzie per l'abitare e housing sociale.",
    ),
    (
        "salute",
        "Salute e servizi sanitari",
        "ATS\nSalute",
        "L'accesso ai servizi sanitari e il lavoro con le ATS.",
    ),
    (
        "msna",
        "Minori stranieri non accompagnati",
        "MSNA",
        "L'accoglienza e la tutela dei minori che arrivano in Italia senza adulti di riferimento.",
    ),
    (
        "partecipazione-civica",
        "Partecipazione civica, cittadinanza attiva e rappresentanza delle comunità straniere "
        "nei processi decisionali locali",
        "Cittadinanza attiva",
        "Consulte, tavoli e forme di rappresentanza dei cittadini stranieri nei Comuni.",
    ),
]

SECTIONS = [
    # (slug without prefix, name, kicker)
    ("resoconto", "Esempio: resoconto", f"{MARKER} · Resoconto"),
    ("notizia", "Esempio: notizia", f"{MARKER} · Notizia"),
    ("approfondimento", "Esempio: approfondimento", f"{MARKER} · Approfondimento"),
    ("intervista", "Esempio: intervista", f"{MARKER} · Intervista"),
]

# (number wished for, slug, title, summary, topics, year of its first session)
WORKSHOPS = [
    (
        1,
        "mediazione-interculturale-servizi",
        "La mediazione interculturale nei servizi territoriali",
        "Il primo laboratorio: come i servizi degli Ambiti lavorano con mediatori e mediatrici.",
        ["mediazione-interculturale", "azione-02-servizi"],
        2019,
    ),
    (
        2,
        "accordi-enti-locali-terzo-settore",
        "Accordi tra enti locali e terzo settore: strumenti, procedure e percorsi condivisi",
        "Convenzioni, accordi di collaborazione e patti di sussidiarietà spiegati "
        "da chi li scrive e da chi li applica.",
        ["coprogettazione"],
        2019,
    ),
    (
        5,
        "percorsi-sai-autonomia",
        "Dalla prima accoglienza all'autonomia: i percorsi SAI nei territori",
        "Casa, lavoro e lingua dopo l'accoglienza: il SAI (già SIPROIMI) come snodo dei servizi.",
        ["sai", "casa-abitare", "lavoro-orientamento"],
        2021,
    ),
    (
        6,
        "scuola-cpia-comunita-educanti",
        "Scuola, CPIA e comunità educanti contro la dispersione scolastica",
        "Le reti tra scuole, CPIA e terzo settore per ragazzi e adulti con background migratorio.",
        ["cpia", "azione-01-scuola", "lingua-italiana"],
        2022,
    ),
    (
        7,
        "informazione-qualificata-sportelli",
        "Informazione qualificata e sportelli per cittadini di Paesi terzi",
        "Sportelli, siti e canali dei Comuni: dare l'informazione giusta al momento giusto.",
        ["azione-03-informazione"],
        2023,
    ),
    (
        8,
        "associazioni-migranti-seconde-generazioni",
        "Partecipazione attiva delle associazioni di migranti e delle seconde generazioni",
        "Come le associazioni entrano nelle reti territoriali e nei tavoli di coprogrammazione.",
        ["azione-04-partecipazione", "partecipazione-civica"],
        2024,
    ),
    (
        9,
        "poverta-educativa-reti-quartiere",
        "Povertà educativa e reti di quartiere: che cosa abbiamo imparato da QuBì",
        "Il metodo delle reti di quartiere del programma QuBì, portato nei territori lombardi.",
        ["qubi", "msna"],
        2025,
    ),
    (
        10,
        "valutare-impatto-reti",
        "Valutare l'impatto delle reti territoriali: indicatori, dati aperti e restituzione "
        "pubblica dei risultati della coprogrammazione e della coprogettazione",
        "Il laboratorio in corso: misurare che cosa cambia quando gli enti lavorano in rete.",
        ["coprogettazione", "azione-03-informazione"],
        0,
    ),
]

# A workshop still in preparation: unpublished, with its sessions.
DRAFT_WORKSHOP = (
    11,
    "laboratorio-in-preparazione",
    "Laboratorio in preparazione sulle reti della salute mentale",
    "Non ancora pubblicato.",
    ["salute"],
    0,
)

SESSION_TITLES = [
    "Apertura del laboratorio e mappa delle reti",
    "Strumenti giuridici: dal Codice del Terzo settore alla sentenza 131/2020",
    "Il ruolo dell'Ambito come capofila",
    "Esperienze a confronto: Bergamo, Brescia e Cremona",
    "Lavorare con i mediatori nei consultori",
    "Laboratorio pratico: scrivere un avviso di coprogettazione",
    "Restituzione e prossimi passi",
    "Le voci dei beneficiari",
    "Dati, indicatori e rendicontazione",
    "Tavolo di lavoro con le associazioni",
    "Visita di studio al CPIA di Lodi",
    "Casa e lavoro dopo l'accoglienza",
    "La comunità educante nei quartieri",
    "Interistituzionalità e corresponsabilità: la governance multilivello delle politiche "
    "di integrazione tra Regione, Ambiti territoriali, Comuni ed enti del terzo settore",
    "",
]

VENUES = [
    ("Sala Consiglio, ANCI Lombardia", "Via Rovello 2, Milano"),
    ("Auditorium Gaber, Palazzo Pirelli", "Piazza Duca d'Aosta 3, Milano"),
    ("Sala Curò, Comune di Bergamo", "Piazza Cittadella 9, Bergamo"),
    ("Centro civico di San Polo", "Via Cimabue 16, Brescia"),
    ("Aula magna del CPIA di Lodi", "Via Salvemini 1, Lodi"),
    ("Spazio Giovani, Comune di Cremona", "Via Palestro 11, Cremona"),
    ("Sala polifunzionale dell'Ambito territoriale di Vimercate", "Piazza Marconi 7, Vimercate"),
    ("Biblioteca civica", "Piazza Volta 2, Como"),
]

FIRST_NAMES_F = [
    "Silvia", "Chiara", "Giulia", "Francesca", "Elena", "Valentina", "Sara", "Martina",
    "Laura", "Anna", "Marta", "Federica", "Paola", "Alessandra", "Roberta", "Ilaria",
    "Fatou", "Olena", "Amina", "Mariam", "Ana Lucía", "Nour",
]  # fmt: skip
FIRST_NAMES_M = [
    "Marco", "Luca", "Andrea", "Giovanni", "Paolo", "Stefano", "Matteo", "Davide",
    "Roberto", "Alberto", "Francesco", "Lorenzo", "Simone", "Michele", "Giuseppe",
    "Mohamed", "Karim", "Ibrahima", "Bogdan", "José Luis",
]  # fmt: skip
LAST_NAMES = [
    "Rossi", "Colombo", "Ferrari", "Brambilla", "Bianchi", "Galli", "Fumagalli",
    "Sala", "Villa", "Cattaneo", "Mariani", "Lombardi", "Barbieri", "Pellegrini",
    "Longoni", "Riva", "Crippa", "Bonfanti", "Mauri", "Ronchi", "D'Angelo", "De Luca",
    "Dell'Orto", "Dalla Valle", "Lo Presti", "El Amrani", "Ndiaye", "Kovalenko",
    "Haddad", "Popescu", "Gutiérrez", "Zanotti", "Bertolazzi", "Pozzi", "Testa",
    "Castiglioni Della Torre", "Vismara", "Arrigoni", "Ghezzi", "Negri",
]  # fmt: skip

# Each role as a woman and as a man holds it: a speaker's role agrees with their honorific.
ROLES = {
    "f": [
        "Assistente sociale",
        "Coordinatrice dell'Ufficio di Piano",
        "Responsabile dei servizi sociali del Comune",
        "Mediatrice linguistico-culturale",
        "Dirigente scolastica",
        "Docente di italiano L2",
        "Operatrice legale del progetto SAI",
        "Presidente dell'associazione",
        "Ricercatrice",
        "Consulente e formatrice sui temi della coprogettazione, della valutazione partecipata e "
        "dell'amministrazione condivisa dei beni comuni; già coordinatrice di progetti FAMI in "
        "diversi Ambiti territoriali della Lombardia",
        "Funzionaria della Direzione generale Famiglia, solidarietà sociale, disabilità e pari "
        "opportunità",
        "Educatrice professionale",
        "",
    ],
    "m": [
        "Assistente sociale",
        "Coordinatore dell'Ufficio di Piano",
        "Responsabile dei servizi sociali del Comune",
        "Mediatore linguistico-culturale",
        "Dirigente scolastico",
        "Docente di italiano L2",
        "Operatore legale del progetto SAI",
        "Presidente dell'associazione",
        "Ricercatore",
        "Consulente e formatore sui temi della coprogettazione, della valutazione partecipata e "
        "dell'amministrazione condivisa dei beni comuni; già coordinatore di progetti FAMI in "
        "diversi Ambiti territoriali della Lombardia",
        "Funzionario della Direzione generale Famiglia, solidarietà sociale, disabilità e pari "
        "opportunità",
        "Educatore professionale",
        "",
    ],
}

ORGANISATIONS = [
    "ANCI Lombardia",
    "Regione Lombardia",
    "Fondazione ISMU",
    "Comune di Bergamo",
    "Ufficio di Piano dell'Ambito territoriale di Lodi",
    "CPIA 1 Milano",
    "Cooperativa sociale Il Sentiero",
    "Università degli Studi di Milano-Bicocca",
    "ATS Brianza",
    "Associazione Donne senza Frontiere",
    "Consorzio Comunità Brianza",
    "Fondazione Cariplo",
    "Azienda speciale consortile per i servizi alla persona dell'Ambito territoriale "
    "dell'Alto e Basso Pavese",
]

BIOS = [
    "Lavora da oltre quindici anni nei servizi per l'integrazione dei cittadini stranieri.",
    "Si occupa di coprogettazione tra enti locali e terzo settore, con particolare attenzione "
    "alla valutazione dei risultati.",
    "Ha coordinato progetti di accoglienza SAI (già SIPROIMI) in provincia di Brescia e "
    "Bergamo. Scrive di politiche migratorie e di welfare locale.",
    "",
]

ARTICLE_TITLES = {
    "resoconto": [
        "{session}: il resoconto della giornata",
        "Che cosa è emerso nella giornata «{session}»",
        "Resoconto: {session}",
    ],
    "notizia": [
        "Al via il nuovo ciclo di laboratori Lab’Impact",
        "Pubblicate le slide della giornata di {month}",
        "Aperte le iscrizioni al laboratorio sulla coprogettazione",
        "La rete dei CPIA lombardi si allarga a Sondrio e Mantova",
        "Nuovo avviso regionale per i progetti di integrazione FAMI",
        "QuBì: cinque nuovi quartieri entrano nella rete",
        "Da SIPROIMI a SAI: che cosa cambia per i Comuni",
        "Online le registrazioni dei laboratori",
        "Lab'Impact al convegno nazionale sull'amministrazione condivisa",
    ],
    "approfondimento": [
        "Coprogrammazione e coprogettazione dopo la sentenza 131/2020 della Corte costituzionale",
        "Le reti territoriali degli Ambiti: che cosa ci dicono i dati",
        "Mediazione linguistico-culturale nei consultori: tre esperienze a confronto",
        "Dalla prima accoglienza all'autonomia abitativa: il ruolo delle agenzie per la casa",
        "Perché la dispersione scolastica riguarda anche gli adulti",
        "Interistituzionalità, corresponsabilità e sussidiarietà orizzontale: come cambia il "
        "welfare di comunità quando Regione, Ambiti, Comuni, scuole, CPIA, progetti SAI "
        "e terzo settore programmano insieme l'integrazione",
        "Precisazioni sull'Avviso regionale n. 2019/FAMI-ASSE2-OS2-ON3-Integrazione-Lombardia",
        "Valutare l'impatto delle reti: indicatori e metodi",
    ],
    "intervista": [
        "«Le reti funzionano quando qualcuno se ne prende cura»: intervista a {speaker}",
        "{speaker}: «La coprogettazione è un metodo, non un bando»",
        "Tre domande a {speaker}",
    ],
}

SUMMARIES = [
    "Operatori, funzionari e volontari delle reti territoriali si sono confrontati su "
    "strumenti, difficoltà e risultati.",
    "Una giornata di lavoro sulle reti degli Ambiti, con testimonianze dai territori.",
    "Le indicazioni emerse dal tavolo con le associazioni e i prossimi passi.",
    "Il punto sul programma dopo tre anni di lavoro, con i numeri dei progetti avviati nei "
    "35 Ambiti territoriali della Lombardia e le domande ancora aperte per la seconda "
    "edizione del FAMI 2021-2027.",
    "",
    "Breve aggiornamento.",
]

PARAGRAPHS = [
    "La giornata si è aperta con i saluti di ANCI Lombardia e una breve presentazione del "
    "percorso: le reti territoriali guidate dagli Ambiti hanno portato le loro esperienze, "
    "le difficoltà incontrate e le soluzioni trovate.",
    "La coprogettazione non è un modo diverso di affidare un servizio, ma un modo diverso di "
    "costruirlo: l'ente pubblico e il terzo settore condividono l'analisi dei bisogni, "
    "le risorse e la responsabilità dei risultati.",
    "Il passaggio da SIPROIMI a SAI, avvenuto per legge nel dicembre 2020, ha riaperto "
    "l'accoglienza ai richiedenti asilo e ha rafforzato il ruolo dei Comuni come titolari "
    "dei progetti.",
    "Nel programma QuBì le reti di quartiere hanno messo insieme scuole, parrocchie, "
    "cooperative, associazioni sportive e famiglie: un modello che diversi Ambiti stanno "
    "provando a replicare fuori Milano.",
    "I CPIA, centri provinciali per l'istruzione degli adulti, sono spesso il primo luogo "
    "in cui chi arriva in Italia incontra un'istituzione pubblica che non sia la Questura.",
    "Molti partecipanti hanno sottolineato la fatica di tenere insieme tempi diversi: quelli "
    "dei bandi, quelli delle persone, quelli delle amministrazioni.",
    "Nel pomeriggio i gruppi di lavoro hanno provato a scrivere insieme un avviso di "
    "coprogettazione, partendo da un caso reale proposto dall'Ambito di Lodi.",
    "Le mediatrici e i mediatori linguistico-culturali non sono interpreti: accompagnano "
    "l'incontro tra persone e servizi, e spesso ne cambiano l'esito.",
    "Secondo i dati raccolti dalle reti, oltre la metà dei partecipanti ai corsi di italiano "
    "ha poi avuto accesso a un tirocinio o a un percorso di formazione professionale.",
    "Il confronto ha toccato anche il tema della casa: senza un alloggio, i percorsi di "
    "autonomia avviati nell'accoglienza rischiano di interrompersi.",
    "Le associazioni di migranti chiedono di essere coinvolte fin dalla fase di "
    "coprogrammazione, e non soltanto come destinatarie degli interventi.",
    "Il Lab’Impact ha offerto uno spazio in cui funzionari comunali e operatori del terzo "
    "settore hanno potuto parlarsi senza la mediazione di una gara d'appalto.",
    "Tra le esperienze presentate, lo sportello unico per cittadini stranieri di un piccolo "
    "Comune della Bassa bergamasca, gestito insieme da tre enti.",
    "La sentenza 131/2020 della Corte costituzionale ha riconosciuto all'amministrazione "
    "condivisa una dignità pari a quella del mercato: gli enti pubblici possono scegliere "
    "di collaborare invece di competere.",
    "L'incontro si è chiuso con l'impegno a ritrovarsi entro l'anno per verificare lo stato "
    "di avanzamento dei progetti avviati.",
    "Per saperne di più è possibile consultare la documentazione pubblicata sul portale "
    "regionale: https://www.regione.lombardia.it/wps/portal/istituzionale/HP/"
    "DettaglioRedazionale/servizi-e-informazioni/enti-e-operatori/politiche-sociali/"
    "integrazione-cittadini-paesi-terzi/fami-2021-2027-lab-impact-reti-territoriali.",
    "Un termine ricorre in tutti gli interventi: interistituzionalità, la capacità di "
    "lavorare tra istituzioni diverse senza che nessuna rinunci al proprio ruolo.",
]

HEADINGS = [
    "Che cosa è emerso",
    "Le esperienze dei territori",
    "I prossimi passi",
    "Strumenti e materiali",
    "Le domande aperte",
]

LIST_ITEMS = [
    "mappare chi lavora con chi, Comune per Comune",
    "condividere i dati tra enti diversi",
    "coinvolgere le associazioni di migranti",
    "formare insieme operatori pubblici e del terzo settore",
    "prevedere la mediazione linguistico-culturale in ogni servizio",
    "valutare i risultati con indicatori condivisi",
]

QUOTES = [
    "Una rete non è un elenco di firme su un accordo: è fatta di persone che si telefonano.",
    "Il SAI non è un mero servizio, ma uno snodo del territorio.",
    "Abbiamo imparato che la coprogettazione richiede tempo, e che quel tempo va riconosciuto.",
]

BYLINES = [
    "Federica Parenti",
    "Redazione Lab'Impact",
    "Giulia Fumagalli",
    "Marco Colombo e Sara Villa",
    "",
]

# Actors: the towns, kinds and names of the network's sample.
TOWNS = [
    ("Bergamo", "BG"), ("Brescia", "BS"), ("Como", "CO"), ("Cremona", "CR"),
    ("Lecco", "LC"), ("Lodi", "LO"), ("Mantova", "MN"), ("Monza", "MB"),
    ("Pavia", "PV"), ("Sondrio", "SO"), ("Varese", "VA"), ("Sesto San Giovanni", "MI"),
    ("Vimercate", "MB"), ("Treviglio", "BG"), ("Crema", "CR"), ("Vigevano", "PV"),
    ("Busto Arsizio", "VA"), ("Chiavenna", "SO"), ("Codogno", "LO"), ("Desenzano del Garda", "BS"),
]  # fmt: skip

AMBITI = [
    "Ambito territoriale di Bergamo",
    "Ambito territoriale di Brescia",
    "Ambito territoriale di Como",
    "Ambito territoriale di Cremona",
    "Ambito territoriale di Lecco",
    "Ambito territoriale di Lodi",
    "Ambito territoriale di Mantova",
    "Ambito territoriale di Monza",
    "Ambito territoriale di Pavia",
    "Ambito territoriale di Sondrio",
    "Ambito territoriale di Varese",
    "Ambito territoriale di Vimercate",
]

COOPERATIVE_NAMES = [
    "Il Sentiero", "La Bussola", "Il Ponte", "Arcobaleno", "Spazio Aperto", "La Rete",
    "Filo d'Arianna", "Il Melograno", "Terra di Mezzo", "Insieme", "L'Approdo", "Il Girasole",
    "Progetto Integrazione", "Casa del Giovane", "La Strada", "Il Gabbiano", "Koinè",
    "Lotta contro l'emarginazione", "Intrecci", "Comunità Progetto",
]  # fmt: skip

ASSOCIATION_NAMES = [
    "Donne senza Frontiere", "Comunità senegalese di Lombardia", "Ucraini in Brianza",
    "Mediatori insieme", "Scuola di italiano Penny Wirton", "Seconde generazioni Lombardia",
    "Amici del CPIA", "Associazione culturale Al-Amal", "Peruviani di Milano",
    "Associazione Genitori Insieme", "Casa delle culture", "Giovani musulmani",
    "Rete Scuole senza Permesso", "Associazione per gli studi giuridici sull'immigrazione",
]  # fmt: skip

ACTOR_DESCRIPTIONS = [
    "Gestisce servizi di accoglienza e accompagnamento all'autonomia.",
    "Organizza corsi di italiano e attività di doposcuola nei quartieri.",
    "Partner della rete territoriale per la mediazione linguistico-culturale.",
    "Coordina il tavolo delle politiche di integrazione del territorio e cura i rapporti "
    "con la Regione, le scuole, il CPIA e gli enti del terzo settore che partecipano alla "
    "coprogettazione dei servizi.",
    "",
]

"""Site settings editors keep, and the accessibility and privacy texts that use them.

The new texts follow AgID's model statement and GDPR art. 13; they replace a page's text
only while it is empty or still the text an earlier migration wrote, never an editor's.
"""

import importlib

from django.db import migrations, models

ACCESSIBILITY_TEXT = """
<p>ANCI Lombardia si impegna a rendere accessibile il portale Lab'Impact
([indirizzo del sito]), conformemente alla legge 9 gennaio 2004, n. 4 e alle Linee guida
AgID sull'accessibilità degli strumenti informatici.</p>
<h2>Stato di conformità</h2>
<p>Il portale è parzialmente conforme ai requisiti previsti dall'allegato A alla norma
UNI CEI EN 301549 (WCAG 2.1, livello AA), per i contenuti non accessibili elencati di
seguito.</p>
<h2>Contenuti non accessibili</h2>
<p>I contenuti elencati di seguito non sono accessibili, o non ne è ancora verificata
l'accessibilità, per i seguenti motivi.</p>
<h3>Inosservanza della legge 4/2004</h3>
<ul>
<li>Non sono ancora state fatte verifiche manuali con lettori di schermo e con persone
con disabilità, che nessuno strumento automatico può sostituire.</li>
<li>I documenti allegati e i video pubblicati negli articoli possono non essere
accessibili (per esempio video senza sottotitoli): la redazione li sta rivedendo.</li>
<li>L'area riservata alla redazione non è compresa nelle verifiche descritte sotto.</li>
</ul>
<h3>Onere sproporzionato</h3>
<p>Nessun contenuto.</p>
<h3>Contenuti non soggetti alla legge</h3>
<p>I siti di terzi a cui il portale rimanda e i servizi di videoconferenza delle giornate
online.</p>
<h2>Redazione della dichiarazione di accessibilità</h2>
<p>La presente dichiarazione è stata redatta il [data di redazione], mediante una
autovalutazione effettuata direttamente da ANCI Lombardia, ed è stata riesaminata
l'ultima volta il [data di revisione].</p>
<h3>Come è stato verificato</h3>
<p>A ogni modifica del portale, prima che sia pubblicata, una serie di test automatici lo apre
in un browser reale (Chromium) e controlla che:</p>
<ul>
<li>ogni tipo di pagina pubblica non abbia alcuna violazione secondo axe-core, con le regole
WCAG 2.0 e 2.1 di livello A e AA (tra cui il contrasto dei colori, i nomi dei collegamenti
e dei campi, le immagini senza testo alternativo);</li>
<li>ogni pagina dichiari la lingua, abbia un solo titolo principale, titoli in ordine senza
salti di livello e le aree di intestazione, navigazione, contenuto principale e piè di
pagina;</li>
<li>le pagine si leggano su uno schermo da computer e su quello di uno smartphone
(360 × 740 pixel) senza scorrere in orizzontale;</li>
<li>con la sola tastiera (tasti Tab e Invio) il primo elemento raggiungibile sia il
collegamento «Vai al contenuto» e che l'elemento attivo sia sempre evidenziato.</li>
</ul>
<p>Le immagini caricate dalla redazione non possono essere salvate senza un testo
alternativo.</p>
<h2>Feedback e recapiti</h2>
<p>Chi incontra un contenuto non accessibile, o vuole segnalare un mancato rispetto dei
requisiti di accessibilità, può scrivere a [email di contatto], indicando la pagina e il
problema. La redazione risponde entro 30 giorni.</p>
<h2>Procedura di attuazione</h2>
<p>In caso di risposta insoddisfacente o di mancata risposta entro 30 giorni dalla
segnalazione, è possibile rivolgersi al Difensore civico per il digitale istituito presso
AgID, con il modulo pubblicato su
<a href="https://form.agid.gov.it/">form.agid.gov.it</a>, ai sensi dell'articolo
3-quinquies, comma 3, della legge 9 gennaio 2004, n. 4.</p>
""".strip()

PRIVACY_TEXT = """
<p>Questa informativa, resa ai sensi dell'articolo 13 del Regolamento (UE) 2016/679
(GDPR), descrive come il portale Lab'Impact ([indirizzo del sito]) tratta i dati
personali.</p>
<h2>Titolare del trattamento</h2>
<p>[titolare del trattamento]<br>E-mail: [email di contatto]</p>
<h2>Responsabile della protezione dei dati</h2>
<p>[responsabile protezione dati]</p>
<h2>Quali dati, per quali finalità e su quale base giuridica</h2>
<ul>
<li><strong>Navigazione.</strong> I server registrano i dati tecnici necessari al
funzionamento e alla sicurezza del servizio (indirizzo IP, pagina richiesta, data e ora).
Base giuridica: il legittimo interesse del titolare alla sicurezza del servizio
(art. 6, par. 1, lett. f). Il portale non usa cookie di profilazione né strumenti di
tracciamento: chi visita il sito senza accedere all'area redazione non riceve alcun
cookie.</li>
<li><strong>Relatori e persone citate.</strong> Per documentare i laboratori del programma
Lab'Impact, cofinanziato dal Fondo Asilo, Migrazione e Integrazione (FAMI), il portale
pubblica di relatori, relatrici e persone citate negli articoli il nome, il titolo, il
ruolo, l'ente di appartenenza, gli interventi nelle giornate e, quando la persona l'ha
fornita, una breve biografia e una fotografia. Base giuridica: il legittimo interesse
a documentare pubblicamente le attività del programma (art. 6, par. 1, lett. f) per nome,
ruolo, ente e interventi; il consenso della persona (art. 6, par. 1, lett. a) per
biografia e fotografia, revocabile in ogni momento.</li>
<li><strong>Redazione.</strong> Chi accede all'area riservata fornisce nome utente e
password e riceve un cookie tecnico di sessione; i tentativi di accesso sono registrati
per bloccare i tentativi ripetuti. Base giuridica: il legittimo interesse alla sicurezza
dell'area riservata.</li>
<li><strong>Segnalazioni.</strong> I dati di chi scrive all'indirizzo di contatto sono usati
solo per rispondere. Base giuridica: la richiesta dell'interessato e, per le segnalazioni
di accessibilità, l'obbligo previsto dalla legge 4/2004 (art. 6, par. 1, lett. c).</li>
</ul>
<h2>Destinatari</h2>
<p>I dati sono trattati dal personale e dai redattori autorizzati del titolare e dai
fornitori dei servizi di hosting e manutenzione, nominati responsabili del trattamento
(art. 28). Ciò che il portale pubblica (nomi, ruoli, biografie e fotografie dei relatori)
è visibile a chiunque e può essere ripreso dai motori di ricerca e dai lettori di feed.
I dati non sono trasferiti fuori dall'Unione europea.</p>
<h2>Conservazione</h2>
<p>I dati tecnici di navigazione sono conservati per il tempo necessario alla sicurezza del
servizio e comunque non oltre dodici mesi, salvo che servano ad accertare un illecito. I
dati dei relatori restano pubblicati finché il portale documenta il programma, salvo
richiesta di rettifica o cancellazione; biografia e fotografia sono rimosse alla revoca
del consenso. I dati dei redattori sono conservati per la durata dell'incarico; quelli
delle segnalazioni per il tempo necessario a rispondere.</p>
<h2>Diritti</h2>
<p>Ogni interessato può chiedere al titolare l'accesso ai propri dati, la rettifica, la
cancellazione, la limitazione del trattamento, la portabilità, opporsi al trattamento e
revocare il consenso dato (articoli 15-22 del GDPR), scrivendo a [email di contatto] o al
responsabile della protezione dei dati.</p>
<h2>Reclamo</h2>
<p>Chi ritiene che il trattamento dei propri dati violi il GDPR può proporre reclamo al
Garante per la protezione dei dati personali
(<a href="https://www.garanteprivacy.it/">www.garanteprivacy.it</a>), ai sensi
dell'articolo 77 del GDPR, o ricorrere all'autorità giudiziaria.</p>
<p>Il conferimento dei dati è facoltativo; non ci sono decisioni automatizzate né
profilazione.</p>
""".strip()

NEW_TEXTS = {"accessibility": ACCESSIBILITY_TEXT, "privacy": PRIVACY_TEXT}


def _earlier_texts():
    """The texts 0002 and 0006 wrote, which no editor chose: those may be replaced."""
    created = importlib.import_module("workshops.migrations.0002_editors_group_and_pages")
    checked = importlib.import_module("workshops.migrations.0006_accessibility_statement_checks")
    return {
        "accessibility": [
            created.ACCESSIBILITY_TEXT.strip(),
            checked.ORIGINAL_TEXT,
            checked.CHECKED_TEXT,
        ],
        "privacy": [created.PRIVACY_TEXT.strip()],
    }


def _sanitizer(Page):
    return getattr(Page._meta.get_field("body"), "sanitize", None) or (lambda html: html)


def write_texts(apps, schema_editor):
    Page = apps.get_model("workshops", "Page")
    sanitize = _sanitizer(Page)
    earlier = _earlier_texts()
    for page in Page.objects.all():
        stock = {"", *(sanitize(text) for text in earlier.get(page.kind, []))}
        if page.kind in NEW_TEXTS and page.body in stock:
            page.body = sanitize(NEW_TEXTS[page.kind])
            page.save(update_fields=["body"])


def restore_texts(apps, schema_editor):
    Page = apps.get_model("workshops", "Page")
    sanitize = _sanitizer(Page)
    earlier = _earlier_texts()
    for page in Page.objects.all():
        if page.kind in NEW_TEXTS and page.body == sanitize(NEW_TEXTS[page.kind]):
            page.body = sanitize(earlier[page.kind][-1])
            page.save(update_fields=["body"])


def create_settings(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    apps.get_model("workshops", "SiteSettings").objects.get_or_create(pk=1)
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("workshops")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors is not None:
        # Editors keep the values, never add or delete the one row.
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="workshops",
                codename__in=["view_sitesettings", "change_sitesettings"],
            ).values_list("pk", flat=True)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0016_search_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="body",
            field=models.TextField(
                blank=True,
                help_text="Scrivi tra parentesi quadre [indirizzo del sito], [email di contatto], [titolare del trattamento], [responsabile protezione dati], [data di redazione] o [data di revisione]: la pagina pubblica mostra al loro posto i valori delle Impostazioni del sito.",
                verbose_name="testo",
            ),
        ),
        migrations.CreateModel(
            name="SiteSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Cresce a ogni salvataggio: impedisce che due redattori si sovrascrivano.",
                        verbose_name="versione",
                    ),
                ),
                (
                    "public_url",
                    models.URLField(
                        blank=True,
                        help_text="L'indirizzo con cui il pubblico raggiunge il sito, per esempio https://labimpact.example.org: lo usano i feed, la sitemap, i calendari e ogni collegamento completo. Se il server imposta SITE_URL, vale quello.",
                        verbose_name="indirizzo pubblico del sito",
                    ),
                ),
                (
                    "contact_email",
                    models.EmailField(
                        blank=True,
                        help_text="Dove scrivere per segnalare un problema di accessibilità o esercitare i diritti sui propri dati: compare nella dichiarazione di accessibilità e nell'informativa.",
                        max_length=254,
                        verbose_name="e-mail di contatto",
                    ),
                ),
                (
                    "data_controller",
                    models.TextField(
                        blank=True,
                        help_text="Nome, indirizzo e recapiti del titolare del trattamento dei dati.",
                        verbose_name="titolare del trattamento",
                    ),
                ),
                (
                    "data_protection_officer",
                    models.TextField(
                        blank=True,
                        help_text="Nome e recapiti del responsabile della protezione dei dati.",
                        verbose_name="responsabile della protezione dei dati (RPD/DPO)",
                    ),
                ),
                (
                    "accessibility_prepared_on",
                    models.DateField(
                        blank=True,
                        null=True,
                        verbose_name="dichiarazione di accessibilità redatta il",
                    ),
                ),
                (
                    "accessibility_reviewed_on",
                    models.DateField(
                        blank=True,
                        help_text="La data dell'ultimo riesame, da aggiornare almeno una volta l'anno.",
                        null=True,
                        verbose_name="dichiarazione di accessibilità riesaminata il",
                    ),
                ),
            ],
            options={
                "verbose_name": "impostazioni del sito",
                "verbose_name_plural": "impostazioni del sito",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("pk", 1)), name="sitesettings_single_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_settings, migrations.RunPython.noop),
        migrations.RunPython(write_texts, restore_texts),
    ]

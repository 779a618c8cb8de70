"""Say in the accessibility statement what is checked and how, unless an editor rewrote it."""

from django.db import migrations

URL = "/accessibilita/"

# The text 0002 created: only a page still holding it is replaced.
ORIGINAL_TEXT = """
<p>ANCI Lombardia si impegna a rendere accessibile il portale Lab'Impact, in conformità
alla legge 9 gennaio 2004, n. 4 e alle Linee guida AgID sull'accessibilità degli strumenti
informatici (requisiti WCAG 2.1, livello AA).</p>
<h2>Stato di conformità</h2>
<p>Il portale è parzialmente conforme: le verifiche sono in corso e questa dichiarazione sarà
aggiornata con il loro esito.</p>
<h2>Segnalazioni</h2>
<p>Chi incontra un contenuto non accessibile può scrivere alla redazione di Lab'Impact;
in assenza di risposta è possibile rivolgersi al Difensore civico per il digitale presso AgID.</p>
""".strip()

CHECKED_TEXT = """
<p>ANCI Lombardia si impegna a rendere accessibile il portale Lab'Impact, in conformità
alla legge 9 gennaio 2004, n. 4 e alle Linee guida AgID sull'accessibilità degli strumenti
informatici (requisiti WCAG 2.1, livello AA).</p>
<h2>Stato di conformità</h2>
<p>Il portale è parzialmente conforme. Le verifiche automatiche descritte qui sotto non
rilevano violazioni dei requisiti WCAG 2.1 di livello A e AA; non sono ancora state fatte
verifiche manuali con lettori di schermo e con persone con disabilità, che nessuno strumento
automatico può sostituire.</p>
<h2>Come è stato verificato</h2>
<p>A ogni modifica del portale, prima che sia pubblicata, una serie di test automatici lo apre
in un browser reale (Chromium) e controlla che:</p>
<ul>
<li>ogni tipo di pagina pubblica (home, elenco e singoli resoconti, laboratori, giornate,
relatori, argomenti, ricerca e risultati, pagina non trovata, questa dichiarazione e
l'informativa sulla privacy) non abbia alcuna violazione secondo axe-core, con le regole
WCAG 2.0 e 2.1 di livello A e AA (tra cui il contrasto dei colori, i nomi dei collegamenti
e dei campi, le immagini senza testo alternativo);</li>
<li>ogni pagina dichiari la lingua italiana, abbia un solo titolo principale, titoli in
ordine senza salti di livello e le aree di intestazione, navigazione, contenuto principale
e piè di pagina;</li>
<li>le pagine si leggano su uno schermo da computer e su quello di uno smartphone
(360 × 740 pixel) senza scorrere in orizzontale, e che sullo smartphone il pulsante del
menu apra la navigazione;</li>
<li>con la sola tastiera (tasti Tab e Invio) il primo elemento raggiungibile sia il
collegamento «Vai al contenuto», che porta al contenuto principale, che l'elemento attivo
sia sempre evidenziato e che si possa andare dalla home a un resoconto e al suo relatore;</li>
<li>nessuna pagina sia bloccata da errori o dalle regole di sicurezza del browser.</li>
</ul>
<p>Le immagini caricate dalla redazione, anche quelle inserite nel testo degli articoli,
non possono essere salvate senza un testo alternativo; le foto dei relatori sono descritte
con il loro nome.</p>
<h2>Contenuti non verificati</h2>
<p>L'area riservata alla redazione non è compresa nelle verifiche descritte sopra.</p>
<h2>Segnalazioni</h2>
<p>Chi incontra un contenuto non accessibile può scrivere alla redazione di Lab'Impact;
in assenza di risposta è possibile rivolgersi al Difensore civico per il digitale presso AgID.</p>
""".strip()


def _replace(apps, old, new):
    try:
        FlatPage = apps.get_model("flatpages", "FlatPage")
    except LookupError:
        # The flatpages app is gone from the project: 0012 writes this text into Page.
        return
    FlatPage.objects.filter(url=URL, content=old).update(content=new)


def describe_checks(apps, schema_editor):
    _replace(apps, ORIGINAL_TEXT, CHECKED_TEXT)


def restore_original(apps, schema_editor):
    _replace(apps, CHECKED_TEXT, ORIGINAL_TEXT)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0005_speaker_help_text"),
    ]

    operations = [migrations.RunPython(describe_checks, restore_original)]

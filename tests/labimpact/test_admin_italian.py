"""The admin walked as an editor: no English default string, no article or agreement wrong.

Every admin is found in ``admin.site._registry``: a model registered later fails here
until its admin says its grammatical gender and its labels are Italian.
"""

import contextlib
import html
import json
import re
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.models import User
from django.core.checks import Error
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import strip_tags
from PIL import Image
from reversion.admin import VersionAdmin

from labimpact.admin_italian import Gender, GenderedAdminMixin, GenderedInlineMixin, definite
from networks.models import Encounter
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionSpeakerFactory,
    TermFactory,
    TopicFactory,
)
from tests.labimpact.admin_forms import form_data
from workshops.models import BodyImage, Session, Topic

DJANGO = Path(admin.__file__).parent

# Words the same in both languages: a label equal to its English is not untranslated.
SAME_IN_ENGLISH = {
    "file",
    "slug",
    "url",
    "logo",
    "email",
    "e-mail",
    "password",
    "lab'impact",
    "id",
    "ip",
}


class _PageText(HTMLParser):
    """What a reader meets on a page: its text, tooltips, labels and the inline buttons."""

    ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs.items():
            if value and name in self.ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and attrs.get("type") == "submit" and attrs.get("value"):
            self.parts.append(attrs["value"])
        if attrs.get("data-inline-formset"):
            options = json.loads(attrs["data-inline-formset"])["options"]
            self.parts += [options["addText"], options["deleteText"]]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def page_text(response):
    reader = _PageText()
    reader.feed(response.content.decode())
    return "\n".join(reader.parts)


def _msgids(catalogue):
    """The msgids of a .po file, each joined from its lines."""
    text = catalogue.read_text(encoding="utf-8")
    blocks = re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.MULTILINE)
    msgids = ["".join(re.findall(r'^"(.*)"$', block, flags=re.MULTILINE)) for block in blocks]
    return [msgid.replace('\\"', '"') for msgid in msgids if msgid]


def _english_defaults():
    """(sentences, words): the English of the admin's own texts, none of which may show.

    Every msgid of Django's admin and of django-reversion; a sentence is cut at its
    placeholders into fixed pieces. A word alone counts only as a whole text or tooltip.
    """
    sentences = {"Django administration", "Django site admin", "Site administration"}
    sentences |= {"Flat pages", "Authentication and Authorization", "Content Types"}
    words = {"Sites", "Search", "Breadcrumbs"}
    reversion = Path(VersionAdmin.__module__ and __import__("reversion").__file__).parent
    msgids = _msgids(DJANGO / "locale" / "en" / "LC_MESSAGES" / "django.po")
    msgids += _msgids(reversion / "locale" / "it" / "LC_MESSAGES" / "django.po")
    for msgid in msgids:
        for piece in re.split(r"%\(\w+\)[sd]|%s|\{\w*\}|<[^>]+>", msgid):
            piece = piece.strip(" .,:;?\"“”'")
            if not re.fullmatch(r"[A-Za-z][A-Za-z ,'’-]+", piece):
                continue
            if len(piece.split()) >= 2:
                sentences.add(piece)
            elif piece.lower() not in SAME_IN_ENGLISH | {"no", "home", "ok"}:
                words.add(piece)
    return sorted(sentences), words


ENGLISH_SENTENCES, ENGLISH_WORDS = _english_defaults()
VOWEL = "aeiouàèéìòùAEIOUÀÈÉÌÒÙ"


def messages_of(response):
    """The messages a page shows, as read: without their links."""
    return [html.unescape(strip_tags(str(message))) for message in response.context["messages"]]


def english_left(text):
    found = [sentence for sentence in ENGLISH_SENTENCES if sentence in text]
    return found + [part for part in text.split("\n") if part.strip(" :") in ENGLISH_WORDS]


def _names():
    """[(name, gender)]: every registered model's and inline's names, singular and plural."""
    names = []
    for model, model_admin in admin.site._registry.items():
        inlines = [inline(model, admin.site) for inline in model_admin.inlines]
        for owner in [model_admin, *inlines]:
            gender = owner.gender
            opts = owner if isinstance(owner, InlineModelAdmin) else model._meta
            names.append((str(opts.verbose_name), gender))
            plural = gender if gender.is_plural else gender.plural()
            names.append((str(opts.verbose_name_plural), plural))
    return names


def gender_mismatches(text):
    """The places where an article or an agreement does not fit the name it goes with."""
    # «lo»/«la» may be pronouns ("chi lo apre"): only names tell they should have been l'.
    found = re.findall(rf"\b(?:[Ii]l|[Dd]el|[Aa]l|[Nn]el)\s+[{VOWEL}h]\w*", text)
    found += re.findall(r"Cancellati/e|\w+/[ae]\b", text)
    masculine = r"(?:[Ii]l|[Ll]o|[Uu]n|[Uu]no|[Dd]el|[Aa]l|[Nn]el|[Qq]uesto|un altro)"
    feminine = r"(?:[Ll]a|[Uu]na|[Dd]ella|[Aa]lla|[Nn]ella|[Qq]uesta|un'altra)"
    for name, gender in _names():
        word = re.escape(name)
        wrong_article = masculine if gender.is_feminine else feminine
        if gender.is_plural:
            wrong_article = r"(?:[Ii]|[Gg]li)" if gender.is_feminine else r"(?:[Ll]e)"
        found += re.findall(rf"\b{wrong_article}\s+{word}\b", text)
        if name[:1] in VOWEL and not gender.is_plural:
            found += re.findall(rf"\b(?:[Ii]l|[Ll][ao]|[Uu]na)\s+{word}\b", text)
        if gender is Gender.FEMININE:
            wrong = r"è stato|aggiunto|modificato|eliminato|selezionato"
        elif gender is Gender.MASCULINE:
            wrong = r"è stata|aggiunta|modificata|eliminata|selezionata"
        elif gender is Gender.FEMININE_PLURAL:
            wrong = r"stati|aggiunti|modificati|eliminati|selezionati"
        else:
            wrong = r"state|aggiunte|modificate|eliminate|selezionate"
        found += re.findall(rf"\b{word}\b(?: «[^»\n]*»)? (?:{wrong})\b", text)
    return found


def assert_italian(response, where):
    text = page_text(response)
    assert not english_left(text), f"{where}: English left: {english_left(text)}"
    assert not gender_mismatches(text), f"{where}: gender mismatch: {gender_mismatches(text)}"
    return text


def test_articles_agree_with_the_name():
    with translation.override("it"):
        assert definite("articolo", Gender.MASCULINE) == "l'articolo"
        assert definite("laboratorio", Gender.MASCULINE) == "il laboratorio"
        assert definite("spazio", Gender.MASCULINE) == "lo spazio"
        assert definite("giornata", Gender.FEMININE) == "la giornata"
        assert definite("area di interesse", Gender.FEMININE) == "l'area di interesse"
        assert definite("attori", Gender.MASCULINE_PLURAL) == "gli attori"
        assert definite("relatori", Gender.MASCULINE_PLURAL) == "i relatori"
        assert definite("impostazioni del sito", Gender.FEMININE_PLURAL) == (
            "le impostazioni del sito"
        )


def test_the_finders_catch_what_django_says():
    assert english_left("Amministrazione\nModel name\nCerca")
    assert english_left("Cerca\nSearch")
    assert english_left("Are you sure you want to delete the articolo")
    assert not english_left("Vuoi davvero eliminare l'articolo «Search»?\nCerca")
    assert gender_mismatches("Il giornata «4°» è stato modificato con successo.")
    assert gender_mismatches("Il articolo «Resoconto» è stato aggiunto.")
    assert gender_mismatches("Cancellati/e con successo 2 giornate.")
    assert gender_mismatches("Scegli giornate selezionati")
    assert not gender_mismatches("La giornata «4°» è stata modificata.")
    assert not gender_mismatches("L'articolo «Resoconto» è stato aggiunto.")


def test_every_registered_admin_and_inline_has_a_gender():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, GenderedAdminMixin), model
        assert isinstance(model_admin.gender, Gender), f"{model}: give its admin a gender"
        for inline in model_admin.inlines:
            assert issubclass(inline, GenderedInlineMixin), inline
            assert isinstance(inline.gender, Gender), f"{inline}: give the inline a gender"


def test_an_admin_without_gender_fails_the_system_check():
    class NoGender(GenderedAdminMixin, admin.ModelAdmin):
        pass

    errors = NoGender(Topic, admin.site).check()
    assert [error.id for error in errors if isinstance(error, Error)] == ["labimpact.E101"]


def test_every_label_is_italian():
    """App, model and field names, and help texts, differ from their English."""
    untranslated = []

    def compare(label):
        with translation.override("it"):
            italian = str(label)
        with translation.override("en"):
            english = str(label)
        if italian == english and italian.lower() not in SAME_IN_ENGLISH:
            untranslated.append(italian)

    for model in admin.site._registry:
        compare(model._meta.app_config.verbose_name)
        compare(model._meta.verbose_name)
        compare(model._meta.verbose_name_plural)
        for field in model._meta.get_fields():
            if hasattr(field, "verbose_name") and not field.auto_created:
                compare(field.verbose_name)
                if field.help_text:
                    compare(field.help_text)
    assert not untranslated


@pytest.fixture
def content(db):
    """One row of each content model, the kind of rows an editor meets."""
    part = SessionSpeakerFactory()
    RegistrationSettingsFactory(session=part.session)
    RegistrationFactory(session=part.session)
    ArticleFactory(scheduled=True, title="Articolo programmato")
    TopicFactory()
    TermFactory()
    MembershipFactory()
    link = LinkFactory()
    ActorFactory()
    # Computed from attendance: its admin is read only.
    Encounter.objects.create(actor_a=link.source, actor_b=link.target)
    png = BytesIO()
    Image.new("RGB", (8, 8), (0, 102, 204)).save(png, format="PNG")
    BodyImage.objects.create(
        file=SimpleUploadedFile("sala.png", png.getvalue(), content_type="image/png"),
        alt_text="La sala",
    )
    AccessAttempt.objects.create(
        username="x",
        ip_address="127.0.0.1",
        user_agent="t",
        path_info="/admin/login/",
        failures_since_start=1,
        get_data="",
        post_data="",
        http_accept="*/*",
    )
    AccessLog.objects.create(
        username="x",
        ip_address="127.0.0.1",
        user_agent="t",
        path_info="/admin/login/",
        http_accept="*/*",
    )
    AccessFailureLog.objects.create(
        username="x",
        ip_address="127.0.0.1",
        user_agent="t",
        path_info="/admin/login/",
        http_accept="*/*",
    )


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="pw-root-123"))
    return client


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.django_db
def test_editor_walks_every_admin_page_in_italian(content, editor, editor_client, superuser_client):
    response = editor_client.get(reverse("admin:index"))
    text = assert_italian(response, "index")
    assert "Lab'Impact · Redazione" in text
    opened = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        may_view = editor.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        client = editor_client if may_view else superuser_client
        user = editor if may_view else User.objects.get(username="root")
        pages = [_url(model, "changelist"), reverse("admin:app_list", args=[opts.app_label])]
        request = type("Request", (), {"user": user})()
        if model_admin.has_add_permission(request):
            pages.append(_url(model, "add"))
            with contextlib.suppress(NoReverseMatch):  # reversion's deleted rows
                pages.append(_url(model, "recoverlist"))
        obj = model._default_manager.first()
        if obj is not None:
            pages += [_url(model, "change", obj.pk), _url(model, "history", obj.pk)]
            if model_admin.has_delete_permission(request, obj):
                pages.append(_url(model, "delete", obj.pk))
        for url in pages:
            # follow: the list of a one-row model (the site settings) opens its row
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            assert_italian(response, url)
            opened += 1
        if obj is None:
            continue
        # Every bulk action on one row: a confirmation page, or a message after it ran.
        for action in model_admin.get_actions(type("R", (), {"user": user, "GET": {}})()):
            response = client.post(
                _url(model, "changelist"),
                {"action": action, "_selected_action": [obj.pk], "index": 0},
                follow=True,
            )
            assert response.status_code == 200, (model, action)
            assert_italian(response, f"{opts.label} action {action}")
            opened += 1
    assert opened > 60


@pytest.mark.django_db
def test_editor_saves_every_change_form_and_reads_a_gendered_message(
    content, editor, editor_client
):
    expected = {
        Gender.MASCULINE: "è stato modificato.",
        Gender.FEMININE: "è stata modificata.",
        Gender.FEMININE_PLURAL: "sono state modificate.",
    }
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("workshops", "networks"):
            continue
        obj = model._default_manager.first()
        assert obj is not None, f"the content fixture has no {model._meta.label}: add one"
        if not model_admin.has_change_permission(type("R", (), {"user": editor})(), obj):
            continue  # read only (computed rows): no form to save
        url = _url(model, "change", obj.pk)
        data = form_data(editor_client.get(url).content.decode(), model)
        response = editor_client.post(url, data, follow=True)
        assert_italian(response, url)
        name = definite(model._meta.verbose_name, model_admin.gender)
        message = f"{name[0].upper()}{name[1:]} «{obj}» {expected[model_admin.gender]}"
        # A session moved by the round trip (the factories' times have seconds) also says
        # who hears of it, after the admin's own message.
        assert messages_of(response)[0] == message


@pytest.mark.django_db
def test_add_and_delete_messages_agree(editor_client, content):
    response = editor_client.post(
        _url(Topic, "add"),
        {"name": "Welfare di comunità", "slug": "welfare", "kind": "theme", "_continue": "1"},
        follow=True,
    )
    assert_italian(response, "add topic")
    assert messages_of(response) == [
        "L'area di interesse «Welfare di comunità» è stata aggiunta. "
        "Qui sotto si può modificarla ancora."
    ]

    topic = Topic.objects.get(slug="welfare")
    response = editor_client.get(_url(Topic, "delete", topic.pk))
    assert "Vuoi davvero eliminare l'area di interesse «Welfare di comunità»?" in page_text(
        response
    )
    response = editor_client.post(_url(Topic, "delete", topic.pk), {"post": "yes"}, follow=True)
    assert_italian(response, "delete topic")
    assert messages_of(response) == ["L'area di interesse «Welfare di comunità» è stata eliminata."]

    sessions = list(Session.objects.all())
    changelist = _url(Session, "changelist")
    selected = {"action": "delete_selected", "_selected_action": [s.pk for s in sessions]}
    response = editor_client.post(changelist, selected)
    text = assert_italian(response, "bulk delete sessions")
    assert "Vuoi davvero eliminare la giornata selezionata?" in text
    assert "Elimina le giornate selezionate" in page_text(editor_client.get(changelist))
    response = editor_client.post(changelist, {**selected, "post": "yes"}, follow=True)
    assert_italian(response, "bulk delete sessions")
    assert messages_of(response) == ["1 giornata eliminata."]


@pytest.mark.django_db
def test_scheduled_article_shows_when_it_comes_out(editor_client, content):
    text = page_text(editor_client.get(reverse("admin:workshops_article_changelist")))

    assert re.search(r"Programmato per \d+ \w+ \d{4}, \d\d:\d\d", text)


@pytest.mark.django_db
def test_inline_add_button_agrees_with_its_name(admin_client, content):
    session = Session.objects.first()
    text = page_text(admin_client.get(_url(type(session.workshop), "change", session.workshop.pk)))

    assert "Aggiungi un'altra giornata" in text


@pytest.mark.django_db
def test_rich_text_editor_speaks_italian(editor_client, content):
    article = ArticleFactory()
    page = editor_client.get(_url(type(article), "change", article.pk)).content.decode()
    catalogue = editor_client.get(reverse("admin:jsi18n")).content.decode()
    toolbar = (Path(settings.BASE_DIR) / "static" / "js" / "prose-editor-it.js").read_text()

    assert "js/prose-editor-it.js" in page
    assert '"Alternative Text": "Testo alternativo"' in catalogue
    assert '"Insert Table": "Inserisci tabella"' in catalogue
    assert '"bold": "Grassetto"' in toolbar

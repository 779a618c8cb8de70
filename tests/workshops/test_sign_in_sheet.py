"""The sign-in sheet (PDF): who may download it, what it holds, and odd names printed."""

import base64
import re
import zlib

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from tests.factories import RegistrationFactory, RegistrationSettingsFactory, SessionFactory
from workshops.models import Registration
from workshops.registrations import sheet

pytestmark = pytest.mark.django_db
State = Registration.State


def _url(session):
    return reverse("admin:workshops_registration_sign_in_sheet", args=[session.pk])


def _page_count(pdf):
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _drawn_text(pdf):
    """The text the pages draw, one line per text block, read without a PDF reader.

    reportlab keeps the ASCII letters of a TrueType subset at their own codes, so a text
    in plain letters reads as written; other letters are subset codes.
    """
    pattern = rb"/Filter \[([^\]]*)\][^>]*>>\s*stream\r?\n(.*?)endstream"
    lines = []
    for filters, data in re.findall(pattern, pdf, flags=re.S):
        for name in filters.split():
            if name == b"/ASCII85Decode":
                data = base64.a85decode(data.strip(), adobe=True)
            elif name == b"/FlateDecode":
                data = zlib.decompressobj().decompress(data)
        for block in re.findall(rb"BT (.*?) ET", data, flags=re.S):
            strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", block)
            line = b"".join(re.sub(rb"\\(.)", rb"\1", string) for string in strings)
            lines.append(line.decode("latin-1"))
    return "\n".join(lines)


def _names_in_order(text, names):
    positions = [text.find(f"\n{name}\n") for name in names]
    assert -1 not in positions, dict(zip(names, positions, strict=True))
    return positions == sorted(positions)


# Who may download it


def test_anonymous_visitors_are_sent_to_the_admin_log_in(client):
    response = client.get(_url(SessionFactory()))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_who_may_not_change_registrations_get_403(client):
    staff = User.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename="view_registration"))
    client.force_login(staff)

    assert client.get(_url(RegistrationFactory().session)).status_code == 403


def test_an_unknown_session_is_404(editor_client):
    url = reverse("admin:workshops_registration_sign_in_sheet", args=[999999])
    assert editor_client.get(url).status_code == 404


# What it holds


def test_the_sheet_is_an_inline_pdf_kept_by_no_cache(editor_client):
    session = SessionFactory(number=3, workshop__slug="reti-locali")
    RegistrationFactory(session=session)

    response = editor_client.get(_url(session))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="foglio-firme-reti-locali-3.pdf"'
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def test_the_sheet_lists_the_confirmed_by_name_with_the_session(editor_client):
    session = SessionFactory(title="Coprogettare i servizi", venue="Sala Gialla")
    for name in ("Zeno Rossi", "Anna Bianchi", "Marco Verdi"):
        RegistrationFactory(session=session, name=name, organisation="Comune di Lodi",
                            role="Assistente sociale")  # fmt: skip
    RegistrationFactory(session=session, name="Wanda Attesa", state=State.WAITING)
    RegistrationFactory(session=session, name="Carla Annullata", state=State.CANCELLED)
    RegistrationFactory(name="Altra Giornata")

    text = _drawn_text(editor_client.get(_url(session)).content)

    assert _names_in_order(text, ["Anna Bianchi", "Marco Verdi", "Zeno Rossi"])
    for absent in ("Wanda Attesa", "Carla Annullata", "Altra Giornata"):
        assert absent not in text
    assert "Coprogettare i servizi" in text
    assert "Sala Gialla" in text
    assert "Comune di Lodi" in text
    assert "Assistente sociale" in text
    assert "Partecipanti confermati: 3" in text
    assert "Fondo Asilo, Migrazione e Integrazione (FAMI)" in text
    assert "Pagina 1 di 1" in text


def test_a_long_list_runs_over_pages_numbered_with_the_header_on_each(editor_client):
    session = SessionFactory()
    RegistrationFactory.create_batch(60, session=session)

    pdf = editor_client.get(_url(session)).content

    pages = _page_count(pdf)
    assert pages >= 3
    text = _drawn_text(pdf)
    assert f"Pagina {pages} di {pages}" in text
    assert text.count("\nFirma\n") == pages


def test_a_session_without_participants_still_prints(editor_client):
    pdf = editor_client.get(_url(SessionFactory())).content

    assert _page_count(pdf) == 1
    assert "Nessun partecipante confermato." in _drawn_text(pdf)


# Odd names


ODD_NAMES = [
    "Nicolò D'Angelo",
    "Łukasz Żółć",
    "Ştefan Ţăran",
    "Олена Шевченко",
    "محمد علي",
    "王芳",
    "Zoë 🙂",
    '<b>Anna</b> & "co"',
    # No NUL here: PostgreSQL refuses it and the form never lets it in (printable() drops it).
    "Tab\tand\x1bescape\x07",
    "e\u0301 combinata",
]


def test_names_in_any_script_print_without_failing(editor_client):
    session = SessionFactory()
    for name in ODD_NAMES:
        RegistrationFactory(session=session, name=name, organisation=name, role=name)

    response = editor_client.get(_url(session))

    assert response.status_code == 200
    assert _page_count(response.content) == 1
    text = _drawn_text(response.content)
    # Markup in a name is printed as typed, never read as markup.
    assert '<b>Anna</b> & "co"' in text


def test_the_site_face_draws_italian_and_central_european_letters():
    site_face = sheet.faces()[0]
    assert site_face.name == "Titillium"
    assert all(site_face.draws(char) for char in "àèéìòùÀÈÉÌÒÙłŁżŻóśćńşţăŞĂȚ€’«»–")
    # Its «Ţ» has a glyph of no width, which would print nothing.
    assert not site_face.draws("Ţ")


def test_letters_the_site_face_lacks_use_a_fallback_or_a_question_mark():
    faces = sheet.faces()
    markup = sheet.markup("Олена 王")

    if any(face.draws("О") for face in faces[1:]):
        assert '<font face="Fallback0">Олена</font>' in markup
    # No face here draws Chinese: a visible «?» rather than an invisible box.
    assert markup.endswith(" ?")


def test_printable_text_drops_control_characters_and_composes_accents():
    assert sheet.printable("Tab\tand\x00nul\x07\n e\u0301") == "Tab andnul é"


def test_markup_escapes_what_paragraphs_would_read_as_tags():
    assert sheet.markup("<b>A</b> & B") == "&lt;b&gt;A&lt;/b&gt; &amp; B"


def test_the_door_and_the_lists_link_to_the_sheet(editor_client):
    registration_settings = RegistrationSettingsFactory()
    session = registration_settings.session
    sheet_url = _url(session)

    pages = [
        editor_client.get("/admin/workshops/registration/", {"session__id__exact": session.pk}),
        editor_client.get("/admin/workshops/registrationsettings/"),
        editor_client.get(reverse("admin:workshops_registration_check_in", args=[session.pk])),
    ]

    for page in pages:
        assert f'href="{sheet_url}"' in page.content.decode()


def test_the_sheet_costs_the_same_queries_for_one_or_three_people(
    editor_client, django_assert_num_queries
):
    one, three = SessionFactory(), SessionFactory()
    RegistrationFactory(session=one)
    RegistrationFactory.create_batch(3, session=three)
    # The log-in session, the user, the user's and the group's permissions, the session
    # with its workshop, its confirmed registrations.
    for session in (one, three):
        with django_assert_num_queries(6):
            editor_client.get(_url(session))

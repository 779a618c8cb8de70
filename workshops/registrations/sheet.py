"""The sign-in sheet of a session: a PDF printed for the door, built in memory with reportlab.

Names come as people typed them: Italian accents, Polish or Romanian letters, Cyrillic,
Arabic. The site's face, Titillium Web (from Bootstrap Italia), covers the Latin
alphabets; a letter it lacks is drawn with the first fallback face that has it (DejaVu
Sans where the system has it), and one that no face has becomes «?», not a blank
box. Scripts written right to left are drawn unshaped, left to right.
"""

import re
import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labimpact.search import fold

TITILLIUM = "vendor/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-{}.ttf"
# Faces for the letters Titillium lacks, where the system has them (Debian's fonts-dejavu-core).
FALLBACK_FACES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
]
MARGIN = 15 * mm
FOOTER_SIZE = 7.5
# The footer's first line: clear of the edge that most printers cannot reach.
FOOTER_TOP = 14 * mm


class Face:
    """A regular and a bold font registered with reportlab, and the characters they draw."""

    def __init__(self, name, regular, bold, characters=None):
        self.name, self.regular, self.bold = name, regular, bold
        self.characters = characters

    def draws(self, char):
        return self.characters is None or ord(char) in self.characters


def _static_file(relative):
    found = finders.find(relative)
    if found:
        return found
    collected = Path(settings.STATIC_ROOT or "") / relative
    return str(collected) if settings.STATIC_ROOT and collected.exists() else None


def _register(name, regular_path, bold_path):
    regular, bold = TTFont(name, regular_path), TTFont(f"{name}-Bold", bold_path)
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    pdfmetrics.registerFontFamily(name, normal=name, bold=f"{name}-Bold")
    # A character mapped to a glyph of no width draws nothing: Titillium's «Ţ» is one.
    widths = regular.face.charWidths
    drawn = {code for code in regular.face.charToGlyph if widths.get(code) or code == 0x20}
    return Face(name, name, f"{name}-Bold", drawn)


@cache
def faces():
    """The faces to draw with, the site's first; Helvetica when no TrueType face is found."""
    found = []
    regular, bold = _static_file(TITILLIUM.format("regular")), _static_file(TITILLIUM.format("600"))
    if regular and bold:
        found.append(_register("Titillium", regular, bold))
    for number, (regular, bold) in enumerate(FALLBACK_FACES):
        if Path(regular).exists() and Path(bold).exists():
            found.append(_register(f"Fallback{number}", regular, bold))
    if not found:
        # The PDF's standard face: Latin-1 only, but always there.
        found.append(Face("Helvetica", "Helvetica", "Helvetica-Bold", set(range(32, 256))))
    return found


def printable(text):
    """``text`` composed (NFC), on one line, without control or unassigned characters."""
    text = unicodedata.normalize("NFC", normalize_newlines(str(text or "")))
    text = " ".join(text.split())
    return "".join(char for char in text if unicodedata.category(char)[0] != "C")


def markup(text):
    """Paragraph markup for ``text``: each run in the first face that draws it."""
    available = faces()
    runs, current, run = [], available[0], []
    for char in printable(text):
        face = next((face for face in available if face.draws(char)), None)
        if face is None:
            face, char = available[0], "?"
        if face is not current and run:
            runs.append((current, "".join(run)))
            run = []
        current = face
        run.append(char)
    if run:
        runs.append((current, "".join(run)))
    main = available[0]
    return "".join(
        escape(chunk) if face is main else f'<font face="{face.name}">{escape(chunk)}</font>'
        for face, chunk in runs
    )


def _when_and_where(session):
    """«Quando» and «Dove» as the session page says them (the same template, as plain text)."""
    html = render_to_string("workshops/includes/_when_where.html", {"session": session})
    lines = []
    for term, detail in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, flags=re.S):
        if "<a " in detail:
            continue
        lines.append(f"{strip_tags(term).strip()}: {' '.join(strip_tags(detail).split())}")
    return lines


def _styles():
    face = faces()[0]
    base = ParagraphStyle("base", fontName=face.regular, fontSize=10, leading=12.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=face.bold, fontSize=18, leading=22),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontName=face.bold, fontSize=12.5, leading=16
        ),  # fmt: skip
        "head": ParagraphStyle("head", parent=base, fontName=face.bold, fontSize=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=11.5),
    }


class _NumberedCanvas(canvas.Canvas):
    """A canvas that holds its pages back until the end, to write «Pagina 2 di 5» on each."""

    footer_lines = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages = []

    def showPage(self):  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number, total):
        face = faces()[0]
        width, _height = self._pagesize
        self.setFont(face.regular, FOOTER_SIZE)
        self.setFillColor(colors.HexColor("#444444"))
        y = FOOTER_TOP
        for line in self.footer_lines:
            self.drawString(MARGIN, y, line)
            y -= FOOTER_SIZE + 2
        self.drawRightString(
            width - MARGIN,
            FOOTER_TOP,
            _("Pagina %(page)d di %(pages)d") % {"page": number, "pages": total},
        )


def _footer_lines(width):
    """The co-financing line of the site's footer, wrapped to the page."""
    text = _(
        "Progetto cofinanziato dall'Unione Europea – Fondo Asilo, Migrazione e Integrazione "
        "(FAMI) 2014-2020. Capofila: Regione Lombardia. Laboratori a cura di ANCI Lombardia."
    )
    face = faces()[0]
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, face.regular, FOOTER_SIZE) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def sign_in_sheet(session, registrations):
    """The PDF (bytes) of ``session``'s sign-in sheet for ``registrations``, sorted by name."""
    people = sorted(registrations, key=lambda r: (fold(printable(r.name)), r.pk))
    styles = _styles()
    page_width, _page_height = A4
    usable = page_width - 2 * MARGIN
    # The co-financing text beside the page number.
    footer = _footer_lines(usable - 30 * mm)
    bottom = FOOTER_TOP + 6 * mm

    story = [
        Paragraph(escape(_("Foglio firme")), styles["title"]),
        Paragraph(markup(session.workshop.title), styles["subtitle"]),
        Paragraph(markup(str(session)), styles["subtitle"]),
        *(Paragraph(markup(line), styles["base"]) for line in _when_and_where(session)),
        Paragraph(
            escape(_("Partecipanti confermati: %(count)d") % {"count": len(people)}),
            styles["base"],
        ),
        Spacer(0, 5 * mm),
    ]
    header = [
        Paragraph("#", styles["head"]),
        Paragraph(escape(_("nome e cognome").capitalize()), styles["head"]),
        Paragraph(escape(_("organizzazione").capitalize()), styles["head"]),
        Paragraph(escape(_("ruolo").capitalize()), styles["head"]),
        Paragraph(escape(_("Firma")), styles["head"]),
    ]
    rows = [header]
    for number, registration in enumerate(people, start=1):
        rows.append(
            [
                Paragraph(str(number), styles["cell"]),
                Paragraph(markup(registration.name), styles["cell"]),
                Paragraph(markup(registration.organisation), styles["cell"]),
                Paragraph(markup(registration.role), styles["cell"]),
                "",
            ]
        )
    if people:
        widths = [9 * mm, 48 * mm, 42 * mm, 30 * mm]
        table = Table(
            rows,
            colWidths=[*widths, usable - sum(widths)],
            repeatRows=1,
            rowHeights=[None] + [13 * mm] * len(people),
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf2")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph(escape(_("Nessun partecipante confermato.")), styles["base"]))

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=bottom,
        title=printable(_("Foglio firme: %(session)s") % {"session": session}),
        author="Lab'Impact",
        # The same sheet gives the same bytes (no creation time, no random document id).
        invariant=True,
    )
    numbered = type("SheetCanvas", (_NumberedCanvas,), {"footer_lines": footer})
    document.build(story, canvasmaker=numbered)
    return buffer.getvalue()

"""The footer: the EU emblem with the funding statement, and a heading for every section."""

import math
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

EMBLEM = Path(settings.BASE_DIR) / "static" / "img" / "eu-emblem.svg"
SVG = "{http://www.w3.org/2000/svg}"


class _FooterParser(HTMLParser):
    """The footer's sections, each with the headings inside it, and its images."""

    def __init__(self):
        super().__init__()
        self.in_footer = False
        self.sections = []
        self.open_sections = []
        self.images = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "footer":
            self.in_footer = True
        elif self.in_footer and tag == "section":
            self.open_sections.append([])
        elif self.in_footer and tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            for headings in self.open_sections:
                headings.append(tag)
        elif self.in_footer and tag == "img":
            self.images.append(attrs)

    def handle_endtag(self, tag):
        if tag == "footer":
            self.in_footer = False
        elif self.in_footer and tag == "section":
            self.sections.append(self.open_sections.pop())

    def handle_data(self, data):
        if self.in_footer:
            self.text += data


@pytest.fixture
def footer(client, db):
    parser = _FooterParser()
    parser.feed(client.get(reverse("workshops:home")).content.decode())
    return parser


def test_footer_shows_the_eu_emblem_with_the_funding_statement(footer):
    emblems = [image for image in footer.images if image["src"].endswith("eu-emblem.svg")]

    assert len(emblems) == 1
    assert "Cofinanziato dall'Unione europea" in " ".join(footer.text.split())


def test_footer_every_section_has_a_heading(footer):
    assert footer.sections
    assert all(footer.sections), footer.sections


def test_eu_emblem_follows_the_eu_graphical_rules():
    root = ET.parse(EMBLEM).getroot()
    flag = next(
        rect
        for rect in root.iter(f"{SVG}rect")
        if rect.get("fill", "").lower() in {"#039", "#003399"}
    )
    width, height = float(flag.get("width")), float(flag.get("height"))
    stars = [(float(use.get("x")), float(use.get("y"))) for use in root.iter(f"{SVG}use")]
    star = next(root.iter(f"{SVG}path"))
    points = [
        tuple(map(float, pair.split(",")))
        for pair in star.get("d").strip("MZ").replace("L", "").split()
    ]

    assert width / height == pytest.approx(1.5)
    assert len(stars) == 12
    centre = (width / 2, height / 2)
    for x, y in stars:  # on a circle of a third of the height, at the hours of a clock
        assert math.dist((x, y), centre) == pytest.approx(height / 3, abs=0.01)
    angles = sorted(
        round(math.degrees(math.atan2(y - centre[1], x - centre[0]))) % 360 for x, y in stars
    )
    assert angles == list(range(0, 360, 30))
    assert len(points) == 10  # five points and five inner corners
    outer = [math.dist(point, (0, 0)) for point in points[::2]]
    assert outer == pytest.approx([height / 18] * 5, abs=0.01)
    assert points[0][0] == pytest.approx(0)
    assert points[0][1] < 0  # upright: a point at the top
    assert star.get("fill").lower() in {"#fc0", "#ffcc00"}

"""The map's labels at real volume, measured as Chromium draws them: big enough, never overlapping.

The sample has the issue's size (150 actors, 400 links, a few hubs as real territorial
networks have) and names as long as real ones. The labels are read from cytoscape.js
itself (the style's size times the zoom, and the box it draws each label in), not from
the map script's own reckoning, so a wrong estimate there shows up here.
"""

import datetime as dt
import random

import pytest

from networks.models import Actor, Link
from tests.browser.conftest import DESKTOP, MOBILE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE_ACTORS = 150
SAMPLE_LINKS = 400
MIN_LABEL_PX = 12
NAMES = [
    "Cooperativa sociale", "Associazione di promozione sociale", "Fondazione di comunità",
    "Comune di", "Ambito territoriale di", "CPIA", "Progetto SAI", "Università degli Studi di",
    "Impresa sociale", "Gruppo di cittadini di",
]  # fmt: skip
TOWNS = [
    "Milano", "Bergamo", "Brescia", "Como", "Cremona", "Lecco", "Lodi", "Mantova", "Monza",
    "Pavia", "Sondrio", "Varese", "Legnano", "Rho", "Vigevano", "Crema", "Saronno",
]  # fmt: skip

LABELS = """() => {
  const cy = document.querySelector("[data-network-map]").networkMap;
  const zoom = cy.zoom();
  const shown = cy.nodes().filter((node) => node.visible() && node.style("label"));
  return {
    placements: Number(document.querySelector("[data-network-map]").dataset.mapPlacements),
    nodes: cy.nodes().length,
    width: cy.width(),
    height: cy.height(),
    labels: shown.map((node) => {
      const box = node.renderedBoundingBox({
        includeNodes: false, includeEdges: false, includeLabels: true,
        includeOverlays: false, includeUnderlays: false,
      });
      const body = node.renderedBoundingBox({includeLabels: false, includeOverlays: false});
      return {
        text: node.data("label"),
        px: node.numericStyle("font-size") * zoom,
        box: [box.x1, box.y1, box.x2, box.y2],
        body: [body.x1, body.y1, body.x2, body.y2],
      };
    }),
  };
}"""


ZOOM_IN = """() => {
  const cy = document.querySelector("[data-network-map]").networkMap;
  const middle = {x: cy.width() / 2, y: cy.height() / 2};
  cy.zoom({level: cy.zoom() * 2.5, renderedPosition: middle});
}"""
# A frame cytoscape has drawn: its label boxes are then those of the current style. Two
# animation frames were not always enough: on a loaded machine a box was once read as
# the label had been before the zoom's new font size (2.5 times as wide).
RENDERED = """() => new Promise((done) => {
  const cy = document.querySelector("[data-network-map]").networkMap;
  cy.one("render", () => requestAnimationFrame(() => done()));
  cy.forceRender();
})"""
# No placement waiting to run (the script places names 80 ms after the last move): a count
# read now cannot be overtaken by a placement started before the next zoom.
IDLE = "() => document.querySelector('[data-network-map]').dataset.mapPending !== 'true'"
PLACED_AGAIN = """(before) => {
  const wrapper = document.querySelector("[data-network-map]");
  return Number(wrapper.dataset.mapPlacements) > before;
}"""


def make_sample(seed=2020):
    """150 actors and 400 links by preferential attachment, some undated or undocumented."""
    rng = random.Random(seed)
    kinds = [kind for kind in Actor.Kind.values if kind != Actor.Kind.PERSON]
    actors = Actor.objects.bulk_create(
        Actor(
            name=f"{rng.choice(NAMES)} {rng.choice(TOWNS)} {n}",
            slug=f"attore-campione-{n}",
            kind=rng.choice(kinds),
            is_published=True,
        )
        for n in range(SAMPLE_ACTORS)
    )
    weights = [1.0] * len(actors)
    seen, links = set(), []
    while len(links) < SAMPLE_LINKS:
        source, target = rng.choices(range(len(actors)), weights=weights, k=2)
        if source == target or (source, target) in seen:
            continue
        seen.add((source, target))
        weights[source] += 0.6
        weights[target] += 0.6
        links.append(
            Link(
                source=actors[source],
                target=actors[target],
                kind=rng.choice([value for value, _label in Link.EDITABLE_KINDS]),
                since=None if rng.random() < 0.1 else dt.date(rng.randint(2016, 2024), 1, 1),
                document_url="" if rng.random() < 0.2 else "https://example.org/accordo.pdf",
            )
        )
    Link.objects.bulk_create(links)


def overlaps(a, b):
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def measure(page):
    page.goto("/rete/mappa/")
    # cytoscape loads when the map nears the screen, or on a phone when it is asked for.
    page.wait_for_selector("[data-network-map]:not([hidden])")
    page.locator("[data-network-map]").scroll_into_view_if_needed()
    show = page.get_by_role("button", name="Mostra la mappa")
    if show.is_visible():
        show.click()
    page.wait_for_selector("[data-network-map][data-map-ready='true']")
    return settled_labels(page)


def settled_labels(page, readings=10):
    """The labels once two readings, each after a frame cytoscape drew, agree."""
    last = None
    for _ in range(readings):
        page.wait_for_function(IDLE)
        page.evaluate(RENDERED)
        now = page.evaluate(LABELS)
        if now == last:
            return now
        last = now
    raise AssertionError(f"the labels still moved after {readings} frames")


def assert_readable(result, least):
    labels = result["labels"]
    assert result["nodes"] == SAMPLE_ACTORS
    assert len(labels) >= least, f"only {len(labels)} labels drawn"
    small = [
        (label["text"], round(label["px"], 1)) for label in labels if label["px"] < MIN_LABEL_PX
    ]
    assert not small, f"labels under {MIN_LABEL_PX} px: {small[:5]}"
    for label in labels:
        x1, y1, x2, y2 = label["box"]
        assert y2 - y1 >= MIN_LABEL_PX, label
        # Half a pixel for sub-pixel placement (0.08 px seen), not a name cut off.
        assert min(x1, y1) >= -0.5, label
        assert x2 <= result["width"] + 0.5, label
        assert y2 <= result["height"] + 0.5, label
    clashes = [
        (a["text"], b["text"])
        for index, a in enumerate(labels)
        for b in labels[index + 1 :]
        if overlaps(a["box"], b["box"])
    ]
    assert not clashes, f"{len(clashes)} overlapping labels, e.g. {clashes[:3]}"
    # Labelled actors are drawn above the others: none of their circles covers a name.
    covered = [
        (a["text"], b["text"])
        for a in labels
        for b in labels
        if a is not b and overlaps(a["body"], b["box"])
    ]
    assert not covered, f"{len(covered)} names under a circle, e.g. {covered[:3]}"


@pytest.mark.parametrize(("viewport", "least"), [(DESKTOP, 12), (MOBILE, 3)], ids=["1280", "360"])
@pytest.mark.usefixtures("_production_settings")
def test_map_labels_are_readable_and_never_overlap_on_the_sample(
    browser, live_server, screenshot, viewport, least
):
    make_sample()
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="it-IT")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    result = measure(page)
    screenshot(page)

    assert_readable(result, least)
    # Zooming in makes room: more names appear, still readable and apart.
    page.evaluate(ZOOM_IN)
    page.wait_for_function(PLACED_AGAIN, arg=result["placements"])
    zoomed = settled_labels(page)
    assert_readable(zoomed, 1)
    assert not errors, errors
    context.close()


@pytest.mark.parametrize(
    ("viewport", "folded"), [(DESKTOP, False), (MOBILE, True)], ids=["1280", "360"]
)
@pytest.mark.usefixtures("_production_settings")
def test_map_comes_first_on_a_phone_and_keeps_its_filters_open_beside_it_on_a_desktop(
    browser, live_server, viewport, folded
):
    """Seven filter fields filled a phone's first screen; each actor's links made the list
    below the map very long. Both are folded where there is no room."""
    make_sample()
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="it-IT")
    page = context.new_page()
    page.goto("/rete/mappa/")
    if folded:
        show = page.get_by_role("button", name="Mostra la mappa")
        assert show.bounding_box()["y"] < viewport["height"], "the map's button is not on screen"
        show.click()
    page.wait_for_selector("[data-network-map][data-map-ready='true']")

    filters = page.locator("details.map-filters")
    assert filters.evaluate("details => details.open") is not folded
    canvas_top = page.locator("[data-map-canvas]").bounding_box()["y"]
    if folded:
        assert canvas_top < viewport["height"], "the map is not on the first screen"
        page.get_by_text("Filtra", exact=True).click()
        assert page.get_by_label("Tipo di attore").is_visible()
    # An actor's links stay one click away, whatever the width.
    links = page.locator("details.map-entry-links").first
    assert not links.evaluate("details => details.open")
    links.locator("summary").click()
    assert links.locator("dl.map-links").is_visible()
    context.close()


@pytest.mark.usefixtures("_production_settings")
def test_on_a_phone_the_map_is_drawn_only_when_asked_for_and_the_list_shows_meanwhile(
    browser, live_server, screenshot
):
    """Drawing 150 actors blocked a phone's page for seconds: the button draws them, from the
    keyboard as well; nothing of the map is fetched before."""
    make_sample()
    context = browser.new_context(
        base_url=live_server.url, viewport=MOBILE, locale="it-IT", has_touch=True, is_mobile=True
    )
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto("/rete/mappa/")
    page.wait_for_load_state("networkidle")

    show = page.get_by_role("button", name="Mostra la mappa")
    assert show.is_visible()
    assert not page.locator("[data-map-canvas]").is_visible()
    assert page.evaluate("typeof window.cytoscape") == "undefined"
    assert not [url for url in fetched if "grafo.json" in url or "cytoscape" in url]
    assert page.get_by_role("heading", name="Gli attori e i loro legami").is_visible()
    assert page.locator("article.map-entry").first.is_visible()
    screenshot(page, "waiting")

    show.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-network-map][data-map-ready='true']")

    assert page.locator("[data-map-canvas]").is_visible()
    assert not show.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-map-status')")
    assert "150 attori" in page.locator("[data-map-status]").inner_text()
    context.close()


@pytest.mark.usefixtures("_production_settings")
def test_on_a_desktop_the_map_needs_no_button(browser, live_server):
    make_sample()
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="it-IT")
    page = context.new_page()
    page.goto("/rete/mappa/")
    page.wait_for_selector("[data-network-map][data-map-ready='true']")

    assert not page.get_by_role("button", name="Mostra la mappa").is_visible()
    assert page.locator("[data-map-canvas]").is_visible()
    context.close()

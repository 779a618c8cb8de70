"""Layout at real volume: every page type of the sample programme, at 1280 and 360 px.

The demo holds one article, so a list page that breaks at two went unseen (issue 13: the
article cards stretched to the column's height and ran over the footer). Here each page
type, and the sample's hardest pages of each type (``Sample.variants``), is measured in
the browser on the sample of ``load_demo --sample``, loaded once per run: nothing may
overlap the footer, the page may not scroll sideways, cards side by side in one row share
their height, and no text is cut by an ``overflow: hidden`` box. A screenshot of each page
at each width lands in test-artifacts/. The page types come from the URL configuration:
a new public page fails ``test_every_public_html_page_is_measured`` until it is listed.
"""

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern

from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.pages import PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Every problem the page shows, as readable sentences.
MEASURE = """() => {
  const problems = [];
  const name = (el) => {
    const text = (el.innerText || el.getAttribute("aria-label") || "")
      .replace(/\\s+/g, " ").trim().slice(0, 40);
    const classes = el.getAttribute("class") ? ` class='${el.getAttribute("class")}'` : "";
    return `<${el.tagName.toLowerCase()}${classes}>` + (text ? ` "${text}"` : "");
  };
  const visible = (el) => {
    // Folded content (a closed <details>) keeps a box in Chromium but is not drawn.
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return rect.width > 1 && rect.height > 1 && style.visibility !== "hidden";
  };
  const footer = document.querySelector("body > footer");
  const footerTop = footer.getBoundingClientRect().top + window.scrollY;
  for (const el of document.querySelectorAll("main *")) {
    if (!visible(el)) continue;
    const bottom = el.getBoundingClientRect().bottom + window.scrollY;
    if (bottom > footerTop + 1) {
      problems.push(`${name(el)} overlaps the footer by ${Math.round(bottom - footerTop)} px`);
      break;
    }
  }
  const sideways = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  if (sideways > 0) problems.push(`the page scrolls sideways by ${sideways} px`);
  for (const row of document.querySelectorAll(".row")) {
    const byTop = new Map();
    for (const column of row.children) {
      const card = column.querySelector(":scope > .card, :scope > .card-wrapper > .card");
      if (!card || !visible(card)) continue;
      const top = Math.round(column.getBoundingClientRect().top);
      if (!byTop.has(top)) byTop.set(top, []);
      byTop.get(top).push(card);
    }
    for (const cards of byTop.values()) {
      const heights = cards.map((card) => Math.round(card.getBoundingClientRect().height));
      if (Math.max(...heights) - Math.min(...heights) > 1) {
        problems.push(`cards in one row differ in height (${heights.join(", ")} px): `
          + cards.map(name).join(" / "));
      }
    }
  }
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (!visible(el) || el.clientWidth <= 1 || !(el.innerText || "").trim()) continue;
    const clipsX = ["hidden", "clip"].includes(style.overflowX);
    const clipsY = ["hidden", "clip"].includes(style.overflowY);
    if (clipsX && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${name(el)} cuts its text (${el.scrollWidth} px in ${el.clientWidth} px)`);
    } else if (clipsY && el.clientHeight > 1 && el.scrollHeight > el.clientHeight + 1) {
      problems.push(
        `${name(el)} cuts its text (${el.scrollHeight} px high in ${el.clientHeight} px)`
      );
    }
  }
  return problems;
}"""


# Routes that answer something other than an HTML page for visitors.
# The calendar widget is an embed for other sites' pages, without the site's header and footer.
# The open-data downloads (ZIP, RDF/XML, JSON-LD) are files, not pages.
NOT_PAGES = (
    ".ics", ".json", ".csv", ".gexf", ".graphml", ".zip", ".rdf", ".jsonld",
    "feed/", "widget/calendario/",
)  # fmt: skip


def public_html_routes():
    """The names of the public page routes (under the language prefix) serving HTML."""
    names = set()

    def walk(patterns, namespace, public):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = public or isinstance(pattern.pattern, LocalePrefixPattern)
                space = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, space, inner)
            elif (
                isinstance(pattern, URLPattern)
                and public
                and pattern.name
                and not any(marker in str(pattern.pattern) for marker in NOT_PAGES)
            ):
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "", False)
    return names


def sample_pages(sample):
    pages = {page_type: url(sample) for page_type, url in PAGE_TYPES.items()}
    return pages | sample.variants


def measure(page, url, screenshot, name):
    response = page.goto(url)
    page.wait_for_load_state("load")
    screenshot(page, name)
    return response.status, page.evaluate(MEASURE)


# The page types and the sample's hardest pages; the URLs need the sample, so they are
# looked up by name when each test runs.
SAMPLE_PAGES = [
    *PAGE_TYPES,
    "article_longest_title",
    "article_longest_word",
    "article_list_page_2",
    "session_cancelled",
    "session_undated",
    "workshop_in_progress",
    "speaker_without_photo",
    "calendar_busiest_month",
    "search_many_results",
    "topic_sample",
    "example_link",
]


@pytest.mark.parametrize("page_type", SAMPLE_PAGES)
def test_page_holds_its_layout_on_a_desktop_and_a_phone(
    page, mobile_page, sample_site, screenshot, page_type
):
    assert page.viewport_size == DESKTOP
    assert mobile_page.viewport_size == MOBILE
    url = sample_pages(sample_site)[page_type]

    problems = {}
    for width, tab in [("1280", page), ("360", mobile_page)]:
        status, found = measure(tab, url, screenshot, width)
        assert status == (404 if page_type == "not_found" else 200), (width, url)
        problems.update({f"{width} px: {problem}": None for problem in found})

    assert not problems, f"{url}\n" + "\n".join(problems)


def test_every_public_html_page_is_measured(sample_site):
    measured = set()
    for url in sample_pages(sample_site).values():
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        measured.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)

    missing = public_html_routes() - measured

    assert not missing, (
        f"Public pages the layout test does not measure: {sorted(missing)}; add each to "
        "PAGE_TYPES in tests/browser/pages.py"
    )

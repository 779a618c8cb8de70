"""Layout at volume: every page type with a dozen items of each kind, at 1280 and 360 px.

The demo holds one article, so a list page that breaks at two went unseen (issue 13: the
article cards stretched to the column's height and ran over the footer). Here each page
is measured in the browser: nothing may overlap the footer, the page may not scroll
sideways, cards side by side in one row share their height, and no text is cut by an
``overflow: hidden`` box. A screenshot of each page lands in test-artifacts/.
"""

import pytest

from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.pages import PAGE_TYPES, build_volume

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
    const clips = ["hidden", "clip"].includes(style.overflowX);
    if (!clips || !visible(el) || el.clientWidth <= 1) continue;
    if (el.scrollWidth > el.clientWidth + 1 && (el.innerText || "").trim()) {
      problems.push(`${name(el)} cuts its text (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }
  return problems;
}"""


@pytest.fixture
def volume():
    return build_volume()


def measure_every_page(page, volume, screenshot):
    problems = {}
    for page_type, url in PAGE_TYPES.items():
        page.goto(url(volume))
        page.wait_for_load_state("load")
        screenshot(page, page_type)
        found = page.evaluate(MEASURE)
        if found:
            problems[page_type] = found
    return problems


def report(problems):
    return "\n".join(
        f"{page_type}: {problem}" for page_type, found in problems.items() for problem in found
    )


def test_every_page_type_at_volume_holds_its_layout_on_a_desktop(page, volume, screenshot):
    assert page.viewport_size == DESKTOP

    problems = measure_every_page(page, volume, screenshot)

    assert not problems, report(problems)


def test_every_page_type_at_volume_holds_its_layout_on_a_phone(mobile_page, volume, screenshot):
    assert mobile_page.viewport_size == MOBILE

    problems = measure_every_page(mobile_page, volume, screenshot)

    assert not problems, report(problems)

"""Every page type in a real browser: axe-core at WCAG 2.1 AA, structure, viewports."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import PAGE_TYPES, build_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()

# The page's outline as a screen reader lists it: lang, h1s, heading levels, landmarks.
OUTLINE = """() => ({
  lang: document.documentElement.lang,
  headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter((h) => h.getClientRects().length || h.classList.contains("visually-hidden"))
    .map((h) => Number(h.tagName[1])),
  banner: document.querySelectorAll("body > header, [role=banner]").length,
  navigation: document.querySelectorAll("nav, [role=navigation]").length,
  main: document.querySelectorAll("main, [role=main]").length,
  contentinfo: document.querySelectorAll("body > footer, [role=contentinfo]").length,
  imagesWithoutAlt: [...document.images].filter((img) => !img.hasAttribute("alt")).length,
})"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def demo():
    return build_demo()


def open_page_type(page, demo, page_type):
    response = page.goto(PAGE_TYPES[page_type](demo))
    assert response.status == (404 if page_type == "not_found" else 200)
    return response


def axe_report(page):
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return results.violations_count, results.generate_report()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_on_desktop_has_no_axe_violations_and_a_sound_outline(
    page, demo, page_type, screenshot
):
    open_page_type(page, demo, page_type)
    screenshot(page)

    count, report = axe_report(page)
    outline = page.evaluate(OUTLINE)

    assert count == 0, report
    assert outline["lang"] == "it"
    assert outline["headings"].count(1) == 1, outline["headings"]
    assert outline["headings"][0] == 1, outline["headings"]
    skips = [
        (before, after)
        for before, after in zip(outline["headings"], outline["headings"][1:], strict=False)
        if after > before + 1
    ]
    assert not skips, f"headings skip a level: {outline['headings']}"
    assert outline["banner"] == 1
    assert outline["navigation"] >= 1
    assert outline["main"] == 1
    assert outline["contentinfo"] == 1
    assert outline["imagesWithoutAlt"] == 0
    assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways on a desktop"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_on_mobile_has_no_axe_violations_and_no_sideways_scrolling(
    mobile_page, demo, page_type, screenshot
):
    open_page_type(mobile_page, demo, page_type)
    screenshot(mobile_page)

    count, report = axe_report(mobile_page)

    assert count == 0, report
    assert mobile_page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways at 360 px"

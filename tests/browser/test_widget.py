"""The embeddable calendar, framed by another site in a real browser.

The embedding page is served by a server of its own, at another origin (127.0.0.1 and a
port of its own, where the live server is localhost), as a municipality's site would
frame the widget; the widget comes from the live server.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.browser.conftest import DESKTOP, _open_page
from tests.browser.pages import build_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EMBEDDING_PAGE = """<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Comune di esempio</title></head>
<body><main><h1>Il nostro calendario</h1>
<iframe src="{src}" title="Prossime giornate dei laboratori Lab'Impact" width="100%" height="520">
</iframe></main></body></html>"""


class _EmbeddingPage(BaseHTTPRequestHandler):
    """Answers every request with the page that frames the widget."""

    src = ""

    def do_GET(self):
        body = EMBEDDING_PAGE.format(src=self.server.src).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_site():
    """Another site's server: its URL, and a function that sets what its page frames."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingPage)
    server.src = ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _embed(page, site, src):
    """Open the other site's page framing ``src``; return the frame's document."""
    site.src = src
    page.goto(f"http://127.0.0.1:{site.server_port}/calendario.html")
    page.wait_for_load_state("load")
    return next(frame for frame in page.frames if frame is not page.main_frame)


def test_widget_framed_by_another_site_has_no_axe_violations_and_sets_no_cookie(
    page, live_server, other_site, screenshot
):
    demo = build_demo()
    src = live_server.url + reverse("workshops:calendar_widget") + f"?workshop={demo.workshop.slug}"

    frame = _embed(page, other_site, src)
    screenshot(page)

    assert frame.url == src
    assert frame.get_by_role("heading", level=1).inner_text().startswith("Prossime giornate")
    results = Axe().run(frame, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()
    assert page.context.cookies() == []


def test_widget_link_opens_the_full_site_in_a_new_tab(page, live_server, other_site):
    build_demo()
    frame = _embed(page, other_site, live_server.url + reverse("workshops:calendar_widget"))
    link = frame.get_by_role("link", name="Il calendario sul sito Lab'Impact")

    with page.context.expect_page() as new_tab:
        link.click()

    opened = new_tab.value
    opened.wait_for_load_state()
    assert opened.url.endswith(reverse("workshops:session_list"))
    assert page.url.endswith("/calendario.html")


@pytest.mark.usefixtures("_production_settings")
def test_other_pages_refuse_to_be_framed(browser, live_server, other_site):
    build_demo()
    # Not the page fixture, which fails on console errors: Chromium's refusal is one.
    context, page, _problems = _open_page(browser, live_server, DESKTOP)
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    frame = _embed(page, other_site, live_server.url + reverse("workshops:session_list"))

    assert "Calendario" not in frame.content()
    assert any("frame-ancestors" in text for text in messages), messages
    context.close()

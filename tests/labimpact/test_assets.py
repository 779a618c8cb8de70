"""The built front-end files (static/dist/, committed) match their sources.

`make assets` (labimpact/frontend/build.mjs) builds them from the npm packages and our sources; the
site and its tests use the committed output and never build. A template that starts using
one of the theme's classes that the trimmed CSS dropped fails here until `make assets`.
These tests run node (installed by `make install`), never the network.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

ROOT = Path(settings.BASE_DIR)
DIST = ROOT / "static" / "dist"
THEME_CSS = settings.NODE_MODULES / "bootstrap-italia" / "dist" / "css" / "bootstrap-italia.min.css"


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    """The build's output now, written to a temporary folder (no network: npm ci is done)."""
    if not shutil.which("node"):
        pytest.fail("Node.js is needed to check static/dist (it comes with `make install`).")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        ["node", str(ROOT / "labimpact" / "frontend" / "build.mjs"), str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


@pytest.mark.parametrize("name", ["site.js", "sprite.svg"])
def test_committed_bundle_is_what_the_build_makes(fresh_build, name):
    assert (fresh_build / name).read_bytes() == (DIST / name).read_bytes(), (
        f"static/dist/{name} is out of date: run `make assets` and commit static/dist/"
    )


def test_committed_css_keeps_what_the_build_keeps(fresh_build):
    # A template that starts using a class the committed file dropped fails here. Word for
    # word the files may differ: a class no longer used may stay until the next build.
    fresh = set(re.findall(r"[^{}]+\{[^{}]*\}", (fresh_build / "site.css").read_text()))
    committed = set(re.findall(r"[^{}]+\{[^{}]*\}", (DIST / "site.css").read_text()))

    missing = sorted(fresh - committed)
    assert not missing, f"run `make assets`: static/dist/site.css lacks {missing[:5]}"


def test_trimmed_css_is_a_fraction_of_the_theme():
    assert (DIST / "site.css").stat().st_size < THEME_CSS.stat().st_size / 5


def test_every_icon_the_templates_name_is_in_the_sprite():
    sprite = (DIST / "sprite.svg").read_text()
    used = set()
    for path in (ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r'_icon\.html" with name="(it-[a-z0-9-]+)"', path.read_text()))

    assert used
    assert {name for name in used if f'<symbol id="{name}"' not in sprite} == set()


def test_pages_load_the_bundle_deferred_and_preload_a_declared_font():
    html = render_to_string("503.html") + (ROOT / "templates" / "base.html").read_text()
    base = (ROOT / "templates" / "base.html").read_text()

    assert re.search(r"<script src=\"{% static 'dist/site.js' %}\" defer></script>", base)
    assert "bootstrap-italia.bundle" not in html
    assert "bootstrap-italia.min.css" not in html
    preloaded = re.search(r'<link rel="preload" href="{% static \'([^\']+)\' %}" as="font"', base)
    assert preloaded
    font = preloaded[1].removeprefix("vendor/")
    assert font in (ROOT / "labimpact" / "frontend" / "fonts.css").read_text()
    assert font in (DIST / "site.css").read_text()


def test_no_page_loads_cytoscape_up_front():
    # network-map.js fetches it when a map nears the screen (data-cytoscape-src).
    up_front = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"<script[^>]*cytoscape", path.read_text())
    ]

    assert up_front == []
    assert "data-cytoscape-src=" in (ROOT / "templates/networks/includes/_map.html").read_text()

"""Every page type through the Nu HTML Checker (vnu-jar from npm, run with Java): 0 errors,
0 warnings.

The pages are rendered by the test client, in Italian and in English, from the demo and
the sample programme of ``load_demo --sample`` (the browser layout test's pages: every
page type and the sample's hardest pages), and checked together in one run of the checker.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.browser.pages import PAGE_TYPES, build_sample

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture
def checker():
    missing = [
        reason
        for reason, absent in [
            (f"{VNU} (run npm install: vnu-jar is a devDependency)", not VNU.exists()),
            ("java on the PATH (apt-get install default-jre-headless)", JAVA is None),
        ]
        if absent
    ]
    if missing:
        message = "The Nu HTML Checker needs " + " and ".join(missing)
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return [JAVA, "-Xss2m", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]


def check(checker, pages, folder):
    paths = []
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_bytes(html)
        paths.append(str(path))
    result = subprocess.run(
        [*checker, *paths], capture_output=True, text=True, timeout=300, check=True
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(message.get('url', '')).stem}:{message.get('lastLine', '?')}: "
        f"{message['type']}{'/' + message['subType'] if 'subType' in message else ''}: "
        f"{message['message']} [{message.get('extract', '').strip()[:80]}]"
        for message in messages
        # Errors, and the warnings (info with subType "warning"); plain info is advice.
        if (message["type"] != "info" or message.get("subType") == "warning")
        and not _italian_content_on_an_english_page(message)
    ]


def _italian_content_on_an_english_page(message):
    """The English pages show the editors' Italian content under English navigation; the
    checker's guess at the language of the whole text is no error of the markup."""
    return Path(message.get("url", "")).stem.startswith("en-") and message["message"].startswith(
        "This document appears to be written in Italian"
    )


def test_every_page_type_is_valid_html_without_warnings(client, checker, tmp_path):
    sample = build_sample()
    pages = {}
    for language in ["it", "en"]:
        with translation.override(language):
            paths = {page_type: url(sample) for page_type, url in PAGE_TYPES.items()}
        for page_type, path in (paths | sample.variants).items():
            if language == "en" and not path.startswith("/en/"):
                path = f"/en{path}"
            response = client.get(path)
            assert response.status_code == (404 if page_type == "not_found" else 200), path
            pages[f"{language}-{page_type}"] = response.content

    problems = check(checker, pages, tmp_path)

    assert not problems, "\n".join(problems)

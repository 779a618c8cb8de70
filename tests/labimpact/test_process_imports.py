"""What every process of the site loads: a web worker, the task worker and ``build_files``
start from the same URLconf and admin, and a library loaded there is memory each of them
holds for nothing (the bench's limit is 150 MiB a process)."""

import subprocess
import sys

from django.conf import settings

# Libraries that a single view or command uses, loaded by it when called.
ON_DEMAND = ["reportlab"]


def test_loading_the_site_leaves_the_on_demand_libraries_unloaded():
    program = (
        "import sys, django; django.setup(); "
        "import labimpact.urls, labimpact.wsgi; "
        "from django.contrib import admin; admin.site.get_urls(); "
        f"print(','.join(name for name in {ON_DEMAND!r} if name in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == ""

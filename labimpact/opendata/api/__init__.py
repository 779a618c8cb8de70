"""The read-only JSON API at /api/v1/: what the pages publish, for other programs.

Built with django-ninja: the answers are typed (``schemas.py``), so the OpenAPI 3.1
schema at /api/v1/openapi.json is written from the same types that validate every
answer, and cannot drift from the code. Ninja's Swagger page is off (it loads its
scripts from a CDN): the documentation is the site's own page at /api/.
"""

import functools

from django.apps import apps
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from labimpact.opendata.api import schemas
from labimpact.opendata.api.http import wrap_patterns
from labimpact.opendata.api.workshops import router as workshops_router
from workshops.licence import ATTRIBUTION, LICENSE_ID, LICENSE_NAME, LICENSE_URL
from workshops.site import absolute_url

TITLE = "Lab'Impact – API dei dati aperti"
DESCRIPTION = gettext_noop(
    "I dati pubblicati sul portale Lab'Impact (laboratori, giornate, relatori, argomenti, "
    "articoli e, se presente, la rete degli attori), in sola lettura. Licenza CC BY 4.0: "
    "riutilizzabili liberamente citando la fonte."
)
VERSION = "1.0.0"


class Renderer(JSONRenderer):
    # Accents as they are: «Attività», not «Attivit\u00e0» (the body is UTF-8 anyway).
    json_dumps_params = {"ensure_ascii": False}


class PortalAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # «workshop_list» rather than the module's dotted path.
        return operation.view_func.__name__


api = PortalAPI(
    title=TITLE,
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    renderer=Renderer(),
    openapi_extra={
        "info": {
            "license": {"name": LICENSE_NAME, "identifier": LICENSE_ID, "url": LICENSE_URL},
            "x-attribution": ATTRIBUTION,
        },
    },
)
api.add_router("", workshops_router)
# The network is an optional app: without it the API answers for the programme alone.
if apps.is_installed("networks"):
    from labimpact.opendata.api.networks import router as networks_router

    api.add_router("", networks_router)


@api.exception_handler(ValidationError)
def bad_parameters(request, exc):
    """A value the schema refuses is the client's mistake: a 400 that names each parameter."""
    errors = [
        {"parameter": str(error["loc"][-1]) if error.get("loc") else "", "message": error["msg"]}
        for error in exc.errors
    ]
    detail = "Parametri non validi: vedere «errors»."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request, exc):
    # Up to DatabaseUnavailableMiddleware, which answers 503 for the whole site.
    raise exc


@api.get(
    "/",
    response=schemas.Index,
    url_name="index",
    summary=gettext_noop("Indice"),
    description=gettext_noop("Gli elenchi dell'API, la licenza e la documentazione."),
)
def index(request):
    endpoints = {
        name.removesuffix("_list"): absolute_url(reverse(f"api:{name}"), request)
        for name in list_names()
    }
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": {},
        "openapi": absolute_url(reverse("api:openapi-json"), request),
        "documentation": absolute_url(reverse("opendata:api_docs"), request),
        "endpoints": endpoints,
    }


@functools.cache
def list_names():
    """The URL names of the API's lists, in the order they were declared."""
    return [pattern.name for pattern in api.urls[0] if pattern.name.endswith("_list")]


def urlpatterns():
    """The API's URL patterns, each answering HEAD, ETags and the licence header."""
    patterns, _app_name, _namespace = api.urls
    return wrap_patterns(patterns)

from django.urls import path

from labimpact.opendata import views

app_name = "opendata"

urlpatterns = [
    path("api/", views.api_docs, name="api_docs"),
    path("dati/", views.open_data, name="open_data"),
]

# The files of /dati/: data in no language, one address each (outside the /en/ prefix).
files = (
    [
        path("dati/labimpact-dati-aperti.zip", views.bundle_zip, name="bundle"),
        path("dati/catalogo.jsonld", views.catalog_json_ld, name="catalog_json_ld"),
        path("dati/catalogo.rdf", views.catalog_rdf, name="catalog_rdf"),
    ],
    "opendata_files",
)

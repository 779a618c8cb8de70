from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("attori/", views.ActorListView.as_view(), name="actor_list"),
    path("attori/<slug:slug>/", views.ActorDetailView.as_view(), name="actor_detail"),
    path("reti/", views.NetworkListView.as_view(), name="network_list"),
    path("reti/<slug:slug>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("mappa/", views.network_map, name="map"),
    path("grafo.json", views.graph_json, name="graph_json"),
    path("export/attori.csv", views.actors_csv, name="export_actors_csv"),
    path("export/legami.csv", views.links_csv, name="export_links_csv"),
    path("export/rete.gexf", views.gexf, name="export_gexf"),
    path("export/rete.graphml", views.graphml, name="export_graphml"),
]

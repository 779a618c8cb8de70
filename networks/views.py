import hashlib
import json
from functools import partial, wraps

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from labimpact import builtfiles
from labimpact.preview import DraftPreviewMixin
from networks import exports, measures, tasks
from networks.filters import ActorFilter
from networks.forms import MapFilterForm
from networks.graph import (
    filter_graph,
    graph_data,
    graph_structure,
    link_years,
    localise,
    localise_link,
    localise_node,
    merge_measures,
    node_id,
    node_label,
    vocabulary,
    with_measures,
)
from networks.layout import with_positions
from networks.models import Actor, Encounter, Link, Membership, Network
from networks.summaries import describe_density, describe_links
from workshops.caching import cached_for_content, kept_key, page_fragment_keys, read_kept
from workshops.licence import license_link_header
from workshops.site import absolute_url
from workshops.views.content import DeferredQuerySet, KeptCountMixin, KeptPublicObjectMixin

TOP_ACTORS = 10
MEASURES_ROWS = 50
MAP_LIST_PAGE_SIZE = 50
# The key names the listing's shape: a server with older code never reads a newer one.
MAP_YEARS_KEY = "networks:map-years:1"
MEASURE_ORDERINGS = {
    "nome": lambda node: (node["label"].lower(),),
    "legami": lambda node: (-node["degree"], node["label"].lower()),
    "intermediazione": lambda node: (-node["betweenness"], node["label"].lower()),
    "componente": lambda node: (node["component"], -node["degree"], node["label"].lower()),
    "incontri": lambda node: (-node["met"], -node["met_sessions"], node["label"].lower()),
}


def _page(request, items, per_page):
    """Page ``items`` as ListView does: a page that is not a number or is out of range is a 404."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page") or 1
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404("Pagina non valida") from None
    if number < 1 or number > paginator.num_pages:
        raise Http404("Pagina non trovata")
    return paginator.page(number)


def stored_measures(kept_keys=None):
    """The measures the background task last stored (``networks/measures.py``), or None.

    Checking them against the content version reads the version: ``kept_keys(version,
    last)``, the keys of the page's kept parts when it shows the measures ``last`` stored,
    are read with it, in one round trip (``read_kept``) instead of two.
    """
    last = measures.last()
    if kept_keys is not None:
        read_kept(lambda version: kept_keys(version, last))
    return measures.for_request(lambda: with_measures(graph_structure()), last)


def with_measures_depends(response, stored):
    """Keep a page shown with old measures, or none yet, in the page cache only until new ones."""
    depends = measures.page_depends(stored)
    if depends:
        response.cache_depends = depends
    return response


def _overview_context(ordering, stored):
    data = merge_measures(graph_structure(), stored)
    nodes = [localise_node(node) for node in data["nodes"]]
    measured = [node for node in nodes if node["degree"] is not None]
    networks = (
        Network.objects.published()
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__actor__is_published=True), distinct=True
            )
        )
        .order_by("name", "pk")
    )
    density = data["density"]
    return {
        "counts": {
            "actors": len(nodes),
            "links": len(data["links"]) - data["encounters"],
            "encounters": data["encounters"],
            "networks": len(data["network_slugs"]),
            "components": data["components"],
        },
        "density": density,
        "density_sentence": describe_density(density, len(nodes)) if density is not None else "",
        "measures_pending": len(measured) < len(nodes),
        "top_actors": sorted(measured, key=MEASURE_ORDERINGS["legami"])[:TOP_ACTORS],
        "measures": sorted(measured, key=MEASURE_ORDERINGS[ordering])[:MEASURES_ROWS],
        "measure_columns": [
            ("nome", _("Attore")),
            ("legami", _("Legami")),
            ("intermediazione", _("Intermediazione")),
            ("componente", _("Componente")),
            ("incontri", _("Incontrati ai laboratori")),
        ],
        "sampled": data["sampled"],
        "networks": [(network, data["networks"].get(network.slug)) for network in networks],
    }


@require_safe
def overview(request):
    """The network at a glance: counts, the map, the most connected actors, the networks.

    The measures are the last the background task stored: before the first build the
    page says they are being computed, and an actor published since is not ranked yet.
    """
    ordering = request.GET.get("ordina", "legami")
    if ordering not in MEASURE_ORDERINGS:
        ordering = "legami"
    stored = stored_measures(
        lambda version, last: page_fragment_keys(
            request, ["network-overview"], ordering, _overview_tag(last), version=version
        )
    )
    # The same for everyone until content changes or a build stores new measures: ranking
    # the whole network on each request the page cache did not answer took 0.4 s.
    tag = _overview_tag(stored)
    # Read only when the page's body is rendered, not when it comes from the cache (the
    # template's {% cache %}, kept per content version, ordering and build).
    overview = SimpleLazyObject(
        lambda: cached_for_content(
            f"networks:overview:{get_language()}:{ordering}:{tag}",
            lambda: _overview_context(ordering, stored),
        )
    )
    context = {"overview": overview, "ordering": ordering, "measures_tag": tag}
    response = render(request, "networks/overview.html", context)
    return with_measures_depends(response, stored)


def _overview_tag(stored):
    return stored.hash if stored is not None else measures.NOT_BUILT


class ActorListView(ListView):
    """The directory: everything under the header is rendered once per query string.

    The results (count, cards, pagination) and the filters depend on the query string
    alone: they are kept per query string, language and content version, so a request
    the page cache does not answer reads no row; each card inside is kept per actor
    and reused by every filter and page (``{% card %}``).
    """

    paginate_by = 24
    template_name = "networks/includes/_actor_list_content.html"

    def get(self, request, *args, **kwargs):
        digest = _digest(sorted(request.GET.lists()))
        content = cached_for_content(
            f"networks:actor-list:{get_language()}:{digest}",
            lambda: super(ActorListView, self).get(request, *args, **kwargs).rendered_content,
        )
        return render(request, "networks/actor_list.html", {"content_html": content})

    def get_queryset(self):
        self.filterset = ActorFilter(
            self.request.GET or None,
            queryset=Actor.objects.with_public_page().prefetch_related("topics"),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class MeasuredPageMixin:
    """A detail page showing the measures, its kept parts named after them (``kept_vary_on``
    reads ``self.stored``): read with the version that checks the measures, in one round trip."""

    def get(self, request, *args, **kwargs):
        self.stored = stored_measures(self._kept_keys_for)
        return with_measures_depends(super().get(request, *args, **kwargs), self.stored)

    def _kept_keys_for(self, version, last):
        self.stored = last
        return self.kept_keys(version)


class ActorDetailView(MeasuredPageMixin, KeptPublicObjectMixin, DraftPreviewMixin, DetailView):
    model = Actor
    kept_fragments = ("actor-head", "actor")

    def get_base_queryset(self):
        # A private person has no page, not even in preview: the URL would carry the name.
        return Actor.objects.exclude(kind=Actor.Kind.PERSON)

    def kept_vary_on(self):
        return (_measures_key(self.stored),)

    def get_context_data(self, **kwargs):
        actor = self.object
        # Each read only when the page's fragment is rendered: a page whose fragments are
        # kept (templates/networks/actor_detail.html) reads neither these nor the actor.
        node = SimpleLazyObject(lambda: _node_measures(actor, self.stored))
        return super().get_context_data(
            links=SimpleLazyObject(lambda: list(_actor_links(actor))),
            encounters=SimpleLazyObject(lambda: _actor_encounters(actor)),
            memberships=SimpleLazyObject(lambda: list(_actor_memberships(actor))),
            people=SimpleLazyObject(lambda: list(actor.people.published())),
            # Listed by title and date only: no card, so nothing related to fetch.
            reports=SimpleLazyObject(lambda: list(actor.mentioned_in.published())),
            topics=SimpleLazyObject(lambda: list(actor.topics.all())),
            measures_key=_measures_key(self.stored),
            measures=SimpleLazyObject(lambda: node["measures"]),
            measures_pending=SimpleLazyObject(lambda: node["measures_pending"]),
            **kwargs,
        )


def _actor_links(actor):
    return (
        Link.objects.published()
        .involving(actor)
        .select_related(
            "source", "target", "documented_by_article", "documented_by_session__workshop"
        )
        .order_by("kind", "-since", "pk")
    )


def _actor_memberships(actor):
    return (
        Membership.objects.filter(actor=actor, network__in=Network.objects.published())
        .select_related("network")
        .order_by("network__name")
    )


def _actor_encounters(actor):
    """Who the actor's people met at the workshops, the most met first.

    Both sides published and no private person: the other end always has a page.
    """
    now = timezone.now()
    return sorted(
        Encounter.objects.published(now)
        .involving(actor)
        .with_public_sessions(now)
        .select_related("actor_a", "actor_b"),
        key=lambda encounter: (-encounter.weight, encounter.other_end(actor).name.lower()),
    )


def _measures_key(stored):
    """What an actor's kept fragments vary on besides the content version: the build."""
    return f"{stored.hash}:{stored.version}" if stored is not None else "none"


def _node_measures(actor, stored):
    """The actor's figures from the last build, and whether they are still being computed."""
    figures = stored.of_node(node_id(actor.pk)) if stored is not None else None
    if figures is not None:
        figures.update(total=len(stored.nodes), sampled=stored.sampled)
    return {
        "measures": figures,
        # Not measured because the last build is older than the actor's publication.
        "measures_pending": figures is None and (stored is None or not stored.is_current),
    }


class NetworkListView(KeptCountMixin, ListView):
    paginate_by = 20
    kept_fragments = ("network-list",)

    def get_queryset(self):
        return DeferredQuerySet(self._networks, Network)

    def _networks(self):
        return (
            Network.objects.published()
            .select_related("lead")
            .prefetch_related("topics")
            .annotate(
                member_count=Count(
                    "memberships", filter=Q(memberships__actor__is_published=True), distinct=True
                )
            )
            .order_by("name", "pk")
        )


class NetworkDetailView(MeasuredPageMixin, KeptPublicObjectMixin, DraftPreviewMixin, DetailView):
    model = Network
    kept_fragments = ("network-head", "network")

    def kept_vary_on(self):
        return (_measures_tag(self.stored),)

    def get_base_queryset(self):
        return Network.objects.select_related("lead")

    def get_context_data(self, **kwargs):
        network = self.object
        # Read only when the page's body is rendered, not when it comes from the cache (the
        # template's {% cache %}, kept per content version and measures build).
        memberships = SimpleLazyObject(
            lambda: list(
                network.memberships.filter(actor__in=Actor.objects.published())
                .select_related("actor")
                .order_by("role", "actor__name")
            )
        )
        figures = SimpleLazyObject(lambda: _network_measures(network, self.stored))
        return super().get_context_data(
            memberships=memberships,
            topics=SimpleLazyObject(lambda: list(network.topics.all())),
            measures_tag=_measures_tag(self.stored),
            measures=SimpleLazyObject(lambda: figures["measures"]),
            measures_pending=SimpleLazyObject(lambda: figures["measures_pending"]),
            **kwargs,
        )


def _measures_tag(stored):
    """What a network's kept fragments vary on besides the content version: the build."""
    return stored.hash if stored is not None else measures.NOT_BUILT


def _network_measures(network, stored):
    figures = stored.networks.get(network.slug) if stored is not None else None
    return {
        "measures": figures,
        "measures_pending": figures is None and (stored is None or not stored.is_current),
    }


def _map_form(request, data):
    return MapFilterForm(request.GET or None, years=link_years(data))


def _map_years():
    """The years the map's year filters offer: a short list, kept under the content version."""
    return cached_for_content(MAP_YEARS_KEY, lambda: link_years(graph_structure()))


@require_safe
def network_map(request):
    """The map, and the same actors and links as a list that needs no JavaScript.

    Everything under the header depends on the query string alone (the filters and the
    page): it is rendered once per query string, language, content version and stored
    measures, then reused, so that a request the page cache does not answer costs two
    small cache reads. Inside it, the list of one page (``_map_listing``) is kept per
    choice of filters and page, shared by the query strings that make the same choice.
    """
    stored = stored_measures(
        lambda version, last: [kept_key(_map_page_name(request, last), version)]
    )
    content = cached_for_content(
        _map_page_name(request, stored), lambda: _map_content(request, stored)
    )
    return render(request, "networks/map.html", {"content_html": content})


def _map_page_name(request, stored):
    digest = _digest([sorted(request.GET.lists()), _measures_tag(stored)])
    return f"networks:map-page:{get_language()}:{digest}"


def _digest(value):
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()[:32]


def _measures_tag(stored):
    return stored.hash if stored is not None else None


def _map_content(request, stored):
    """The map page under its header, rendered; a bad page number is a 404, never kept."""
    number = request.GET.get("page") or 1
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise Http404("Pagina non valida") from None
    if number < 1:
        raise Http404("Pagina non trovata")
    form = MapFilterForm(request.GET or None, years=_map_years())
    filters = form.graph_filters()
    choice = _digest([sorted(filters.items()), number, _measures_tag(stored)])
    listing = cached_for_content(
        f"networks:map:{get_language()}:{choice}", lambda: _map_listing(filters, number, stored)
    )
    if listing is None:
        raise Http404("Pagina non trovata")
    context = {
        "form": form,
        "query": request.GET.urlencode() if form.is_bound else "",
        "graph_meta": listing["graph_meta"],
        "node_count": listing["node_count"],
        "link_count": listing["link_count"],
        "year": filters.get("year"),
        "new_since": filters.get("new_since"),
        "entries_html": listing["entries_html"],
        # Only the numbers the pagination shows: the page's actors are in ``entries_html``.
        "page_obj": Paginator(range(listing["node_count"]), MAP_LIST_PAGE_SIZE).page(number),
        "has_errors": form.is_bound and bool(form.errors),
    }
    return render_to_string("networks/includes/_map_content.html", context, request=request)


def _map_listing(filters, number, stored):
    """Page ``number`` of the map's list with ``filters``, its counts, rendered; None past the end.

    Only the page's actors and their links are localised and described: the rest of the
    graph is filtered and counted, never labelled.
    """
    data = merge_measures(graph_structure(), stored)
    graph = filter_graph(data, **filters)
    labels = {node["id"]: node_label(node) for node in data["nodes"]}
    nodes = sorted(graph["nodes"], key=lambda node: (labels[node["id"]].lower(), node["id"]))
    paginator = Paginator(nodes, MAP_LIST_PAGE_SIZE)
    if number > paginator.num_pages:
        return None
    words = vocabulary()
    shown = [localise_node(node, words) for node in paginator.page(number).object_list]
    links_of = {node["id"]: [] for node in shown}
    for link in graph["links"]:
        for end in (link["source"], link["target"]):
            if end in links_of:
                links_of[end].append(link)
    entries = []
    for node in shown:
        links = [localise_link(link, words) for link in links_of[node["id"]]]
        entries.append(
            {
                "node": node,
                "summary": describe_links(node["id"], links, labels),
                "links": [
                    _link_row(link, node["id"], labels)
                    for link in sorted(links, key=lambda link: (link["kind"], link["since"]))
                ],
            }
        )
    return {
        "graph_meta": graph["graph"],
        "node_count": len(graph["nodes"]),
        "link_count": len(graph["links"]),
        "entries_html": render_to_string(
            "networks/includes/_map_entries.html", {"entries": entries}
        ),
    }


def _link_row(link, me, labels):
    outgoing = link["source"] == me
    other = link["target"] if outgoing else link["source"]
    return {
        **link,
        "other_label": labels.get(other, ""),
        "direction": ("out" if outgoing else "in") if link["directed"] else "both",
    }


def licensed(view):
    """The view's answers (file, 304 or one made live) name the data's licence in a header."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Link"] = license_link_header()
        return response

    return wrapped


@require_safe
@licensed
def graph_json(request):
    """The published graph in networkx's node-link form; the map's filters apply.

    Without filters, or with one, it is a file the background task built
    (``networks/tasks.py``); several filters at once are made here, and kept by the page
    cache like a page.
    """
    filters = MapFilterForm.base_fields
    return builtfiles.serve_filtered(request, tasks.GRAPH_FILE, filters, _graph_json)


def _graph_json(request):
    data = graph_data()
    form = _map_form(request, data)
    if form.is_bound and not form.is_valid():
        body = {"errors": {name: list(errors) for name, errors in form.errors.items()}}
        return HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=400,
            content_type="application/json; charset=utf-8",
        )
    graph = localise(with_positions(filter_graph(data, **form.graph_filters()), data))
    response = HttpResponse(
        json.dumps(graph, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="rete-labimpact.json"'
    return response


# The exports are the files the background task built; the functions after each view
# make them in the request only where no file can be built (see builtfiles.serve).


@require_safe
@licensed
def actors_csv(request):
    return builtfiles.serve(request, tasks.ACTORS_CSV, _actors_csv)


@require_safe
@licensed
def links_csv(request):
    return builtfiles.serve(request, tasks.LINKS_CSV, _links_csv)


@require_safe
@licensed
def gexf(request):
    return builtfiles.serve(request, tasks.GEXF_FILE, _gexf)


@require_safe
@licensed
def graphml(request):
    return builtfiles.serve(request, tasks.GRAPHML_FILE, _graphml)


def _actors_csv(request):
    rows = exports.actor_rows(localise(graph_data()), partial(absolute_url, request=request))
    return exports.csv_response(rows, "attori-labimpact.csv")


def _links_csv(request):
    rows = exports.link_rows(localise(graph_data()), partial(absolute_url, request=request))
    return exports.csv_response(rows, "legami-labimpact.csv")


def _gexf(request):
    return exports.gexf_response(localise(graph_data()), "rete-labimpact.gexf")


def _graphml(request):
    return exports.graphml_response(localise(graph_data()), "rete-labimpact.graphml")

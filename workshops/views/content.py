import functools
import hashlib

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, empty
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from labimpact.preview import DraftPreviewMixin
from labimpact.search import Query, search_groups
from workshops import seo
from workshops.caching import (
    availability_key,
    availability_version,
    cached_for_content,
    kept_key,
    page_fragment_keys,
    read_kept,
)
from workshops.filters import ArticleFilter
from workshops.forms import SearchForm
from workshops.models import Article, Session, SessionSpeaker, Speaker, Topic, Workshop
from workshops.site import absolute_url


class DeferredQuerySet(SimpleLazyObject):
    """A list's queryset, built only when its rows are read: where the list's body comes
    from the cache, building it (the published speakers' subqueries took a third of the
    speaker list's time) is work for nothing. Answers what the list view and its paginator
    ask before that (``model``, ``ordered``, a slice for the page) without building it.
    """

    def __init__(self, make, model):
        super().__init__(make)
        # In the instance's own dict: read there, never from the queryset.
        self.__dict__["model"] = model
        # The lists given one are ordered (the paginator warns of those that are not).
        self.__dict__["ordered"] = True

    def __getitem__(self, index):
        if isinstance(index, slice):
            return SimpleLazyObject(lambda: list(self._built()[index]))
        return self._built()[index]

    def _built(self):
        if self._wrapped is empty:
            self._setup()
        return self._wrapped


class KeptListMixin:
    """A list page's kept parts (its body, its count, what else it keeps) read in one
    cache round trip before any of them is asked for (see ``read_ahead``).

    ``kept_fragments`` names the template's fragments, kept with
    ``{% content_key with_query=True … %}{% cache key.seconds "name" request.path key.id %}``;
    ``kept_names()`` the values the view keeps with ``cached_for_content``.
    """

    kept_fragments = ()

    def kept_names(self):
        return []

    def read_kept_ahead(self):
        if getattr(self, "_kept_read", False):
            return
        self._kept_read = True
        names = self.kept_names()
        read_kept(
            lambda version: [
                *(kept_key(name, version) for name in names),
                *page_fragment_keys(
                    self.request, self.kept_fragments, with_query=True, version=version
                ),
            ]
        )

    def get_context_data(self, **kwargs):
        self.read_kept_ahead()
        return super().get_context_data(**kwargs)


class KeptCountMixin(KeptListMixin):
    """A list, filtered or not, whose count (for its pages) is kept per content version and
    choice of filters: with its body kept too (the template's {% cache %}), a list page asks
    the database nothing. The filters chosen are read from the filter set's valid values; a
    choice the form refuses is counted each time. Kept no longer than a page, as the lists
    that depend on the clock (upcoming sessions, scheduled reports) move on with it.
    """

    def kept_names(self):
        name = self._count_name()
        return [*super().kept_names(), *([name] if name else [])]

    def _count_name(self):
        """The name the count is kept under; None when the filters' form refuses the query."""
        filterset = getattr(self, "filterset", None)
        # Without a query string there is no choice to read: its form is not even built.
        form = filterset.form if filterset is not None and filterset.is_bound else None
        if form is not None and not form.is_valid():
            return None
        chosen = sorted(
            (name, str(getattr(value, "pk", value)))
            for name, value in (form.cleaned_data.items() if form is not None else [])
            if value not in (None, "", [])
        )
        digest = hashlib.sha256(repr([type(self).__name__, chosen]).encode()).hexdigest()[:32]
        return f"list-count:{digest}"

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        name = self._count_name()
        if name is not None:
            # Paginator.count is a cached property: set, it is never asked of the database.
            paginator.count = cached_for_content(name, lambda: queryset.count())
        return paginator


class KeptObject(SimpleLazyObject):
    """A page's public object, loaded only if something outside its kept fragments reads
    it. It exists: its page's fragments were kept under the current content version."""

    def __bool__(self):
        return True


class KeptPublicObjectMixin:
    """The public's object of a detail page loaded once per content version and shared by
    every app server, and read with the page's kept fragments in one cache round trip.

    ``kept_fragments`` names the template's fragments that hold all the page shows of its
    object (its head and its body), kept with ``request.path`` and ``kept_vary_on()``
    (``page_fragment_keys``). When they are all kept, the page is made of them and the
    object is not even read from the cache (a ``KeptObject``); otherwise the object comes
    from the cache, or from the database once per version. Those who may preview drafts
    load it from the database, as they see what others do not.
    """

    kept_fragments = ()
    # A page that needs its object in every request, its fragments kept or not.
    always_reads_object = False

    def get_object(self, queryset=None):
        # A page without drafts (a topic) has no one who previews.
        can_preview = getattr(self, "can_preview", None)
        if queryset is not None or (can_preview is not None and can_preview()):
            return super().get_object(queryset)
        name = self.public_object_name()
        _version, keys, found = read_kept(self.kept_keys)
        fragments = keys[1:] if self._reads_object_ahead() else keys
        if fragments and all(key in found for key in fragments):
            return KeptObject(functools.partial(self._public_object, name))
        return self._public_object(name)

    def kept_keys(self, version):
        """The keys to read ahead at content ``version``: the page's kept fragments, and
        its kept object first where the page keeps none or ``always_reads_object``.

        Not the object otherwise: a page made of its fragments never reads it, and the
        object (a report with its body: 12 KB) outweighed them. After a change, the page
        that misses a fragment reads the object in a round trip of its own, once per version.
        """
        fragments = page_fragment_keys(
            self.request, self.kept_fragments, *self.kept_vary_on(), version=version
        )
        if self._reads_object_ahead():
            return [kept_key(self.public_object_name(), version), *fragments]
        return fragments

    def _reads_object_ahead(self):
        return self.always_reads_object or not self.kept_fragments

    def public_object_name(self):
        # Hashed: a slug may be longer than a cache key should be.
        digest = hashlib.sha256(repr(sorted(self.kwargs.items())).encode()).hexdigest()[:32]
        return f"public-object:{self.model._meta.label_lower}:{digest}"

    def kept_vary_on(self):
        """What the kept fragments vary on besides the path and ``content_key``."""
        return ()

    def _public_object(self, name):
        found = cached_for_content(name, self._load_public_object)
        if found is None:
            raise Http404
        return found

    def _load_public_object(self):
        try:
            return super().get_object()
        except Http404:
            return None

    # Both named without looking at the object, which may not be loaded.
    def get_context_object_name(self, obj):
        return self.context_object_name or self.model._meta.model_name

    def get_template_names(self):
        if self.template_name:
            return [self.template_name]
        opts = self.model._meta
        return [f"{opts.app_label}/{opts.model_name}{self.template_name_suffix}.html"]


class StructuredDataMixin:
    """Describes the page's object in schema.org terms for search engines and previews."""

    structured_data = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Called by the template only where the head is not kept already (a callable in the
        # context is called when the template reads it).
        context["structured_data"] = functools.partial(
            self.structured_data, self.object, lambda path: absolute_url(path, self.request)
        )
        return context


def read_kept_fragments(request, names, with_query=False):
    """Read the page's kept fragments ``names`` (``page_fragment_keys``) ahead, with the
    content version: one cache round trip while this process knows the version."""
    read_kept(
        lambda version: page_fragment_keys(request, names, with_query=with_query, version=version)
    )


@require_safe
def home(request):
    """The front page: next sessions, latest reports, topics."""
    read_kept_fragments(request, ["home"])
    # Read only when the page's body is rendered, not when it comes from the cache.
    context = {
        "upcoming_sessions": SimpleLazyObject(
            lambda: list(Session.objects.published().upcoming().with_related()[:4])
        ),
        "latest_articles": SimpleLazyObject(
            lambda: list(Article.objects.published().with_related()[:6])
        ),
        "topics": SimpleLazyObject(lambda: list(Topic.objects.all())),
        "search_form": SimpleLazyObject(SearchForm),
    }
    return render(request, "workshops/home.html", context)


class ArticleListView(KeptCountMixin, ListView):
    paginate_by = 10
    kept_fragments = ("report-list",)

    def get_queryset(self):
        # Both built only when the page's rows are read, not where its body is kept.
        self.filterset = ArticleFilter.for_query(
            self.request.GET,
            queryset=DeferredQuerySet(lambda: Article.objects.published().with_related(), Article),
        )
        return DeferredQuerySet(lambda: self.filterset.qs, Article)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ArticleDetailView(KeptPublicObjectMixin, DraftPreviewMixin, DetailView):
    model = Article
    # What the public sees of a report is the same for everyone until content changes:
    # the report with everything its page shows is loaded once per content version (seven
    # queries were most of the page's time), and its page is made of these two fragments.
    kept_fragments = ("article-head", "article")

    def get_base_queryset(self):
        return Article.objects.select_related("section").prefetch_related(
            "topics",
            "workshops",
            Prefetch("sessions", queryset=Session.objects.select_related("workshop")),
            # On a published article, the people it names are public with it.
            Prefetch("speakers", queryset=Speaker.objects.filter(is_published=True)),
            Prefetch(
                "sessions__session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").filter(
                    speaker__is_published=True
                ),
            ),
        )

    def _load_public_object(self):
        article = super()._load_public_object()
        if article is not None:
            # Kept with the report (a query): where its author's page is, for search engines.
            article.author_path = seo.byline_path(article.byline) if article.byline else None
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        # Made only where the head is not kept already (see StructuredDataMixin).
        context["structured_data"] = lambda: seo.article_news(
            article,
            lambda path: absolute_url(path, self.request),
            getattr(article, "author_path", None),
        )
        # A draft's preview shows its links as they will be; the public sees public pages only.
        shown = (lambda item: True) if context["is_preview"] else (lambda item: item.is_public)
        # Read only where the body is not kept already.
        context["linked_workshops"] = SimpleLazyObject(
            lambda: [w for w in article.workshops.all() if shown(w)]
        )
        context["linked_sessions"] = SimpleLazyObject(
            lambda: sorted(
                (s for s in article.sessions.all() if shown(s)),
                key=lambda session: (session.workshop.number, session.number),
            )
        )
        return context


class WorkshopListView(KeptCountMixin, ListView):
    paginate_by = 20
    kept_fragments = ("workshop-list",)

    def get_queryset(self):
        return DeferredQuerySet(self._workshops, Workshop)

    def _workshops(self):
        return (
            Workshop.objects.published()
            .prefetch_related("topics")
            .annotate(
                session_count=Count(
                    "sessions", filter=Q(sessions__is_published=True), distinct=True
                )
            )
            .order_by("-number")
        )


class WorkshopDetailView(KeptPublicObjectMixin, DraftPreviewMixin, DetailView):
    model = Workshop
    kept_fragments = ("workshop-head", "workshop")

    def shows_drafts(self):
        # Those who may preview see the draft sessions too, even on a published workshop.
        return super().shows_drafts() or self.can_preview()

    def get_context_data(self, **kwargs):
        # Loaded only when the page's body is rendered: it is kept per content version
        # (the template's {% cache %}), and a page served from there asks for none of them.
        sessions = SimpleLazyObject(self._sessions)
        articles = SimpleLazyObject(lambda: self._articles(sessions))
        return super().get_context_data(
            sessions=sessions,
            articles=articles,
            speakers=SimpleLazyObject(self._speakers),
            topics=SimpleLazyObject(lambda: list(self.object.topics.all())),
            **kwargs,
        )

    def _speakers(self):
        # Who spoke, whoever is looking: only what published sessions say.
        return list(
            Speaker.objects.published()
            .filter(
                session_speakers__session__workshop=self.object,
                session_speakers__session__is_published=True,
            )
            .distinct()
        )

    def _sessions(self):
        # The list shows each session's reports, not its speakers or topics; the
        # sessions know their workshop from the related manager.
        sessions = self.object.sessions.with_reports()
        if not self.can_preview():
            sessions = sessions.filter(is_published=True)
        return list(sessions.order_by("number"))

    def _articles(self, sessions):
        # Reports already listed under their session are not listed again below.
        listed = {report.pk for session in sessions for report in session.public_reports}
        return [
            article
            for article in Article.objects.published().about_workshop(self.object)
            if article.pk not in listed
        ]


class SessionDetailView(KeptPublicObjectMixin, StructuredDataMixin, DraftPreviewMixin, DetailView):
    model = Session
    structured_data = staticmethod(seo.session_event)
    # The places are counted apart, so the session itself is read on every visit.
    kept_fragments = ("session-head", "session", "session-calendar")
    always_reads_object = True

    def get_base_queryset(self):
        return (
            Session.objects.with_related()
            .select_related("registration_settings")
            .filter(workshop__slug=self.kwargs["workshop_slug"])
        )

    def get_context_data(self, **kwargs):
        session = self.object
        reports = SimpleLazyObject(lambda: list(Article.objects.published().about_session(session)))
        availability = None
        # Only a session with registration settings (loaded with it) has places to count.
        if hasattr(session, "registration_settings"):
            # The session's own small version is read before the places are counted: a
            # registration committed after the count moves it, and the stored page with it.
            self.places_version = availability_version(session.pk)
            availability = session.availability
        register_url = None
        if availability is not None and availability.takes_requests:
            register_url = reverse(
                "workshops:registration_create",
                kwargs={"workshop_slug": self.object.workshop.slug, "slug": self.object.slug},
            )
        return super().get_context_data(
            reports=reports, availability=availability, register_url=register_url, **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["availability"] is not None:
            # A version the cache could not give (None) never matches: the page is not reused.
            response.cache_depends = {availability_key(self.object.pk): self.places_version}
        return response


class SpeakerListView(KeptCountMixin, ListView):
    paginate_by = 24
    kept_fragments = ("speaker-list",)

    def get_queryset(self):
        return DeferredQuerySet(lambda: Speaker.objects.published(), Speaker)


class SpeakerDetailView(KeptPublicObjectMixin, StructuredDataMixin, DraftPreviewMixin, DetailView):
    model = Speaker
    structured_data = staticmethod(seo.speaker_person)
    kept_fragments = ("speaker-head", "speaker")

    def get_base_queryset(self):
        return Speaker.objects.with_public_mention()

    def get_context_data(self, **kwargs):
        # Built only when the page's body is rendered, not when it comes from the cache.
        return super().get_context_data(
            parts=SimpleLazyObject(self._parts),
            reports=SimpleLazyObject(self._reports),
            mentions=SimpleLazyObject(
                lambda: list(Article.objects.published().filter(speakers=self.object))
            ),
            **kwargs,
        )

    def _parts(self):
        return list(
            SessionSpeaker.objects.filter(speaker=self.object)
            .filter(session__in=Session.objects.published())
            .select_related("session__workshop", "speaker")
            .order_by(F("session__starts_at").desc(nulls_first=True))
        )

    def _reports(self):
        # Listed by title and date only: no card, so nothing related to fetch.
        return list(
            Article.objects.published()
            .filter(sessions__session_speakers__speaker=self.object)
            .distinct()
        )


class TopicListView(KeptListMixin, ListView):
    model = Topic
    kept_fragments = ("topic-list",)

    def get_queryset(self):
        return DeferredQuerySet(self._topics, Topic)

    def _topics(self):
        return Topic.objects.annotate(
            article_count=Count(
                "articles",
                filter=Q(articles__in=Article.objects.published()),
                distinct=True,
            )
        ).order_by("kind", "name")


class TopicDetailView(KeptPublicObjectMixin, DetailView):
    model = Topic
    kept_fragments = ("topic-head", "topic")

    def get_context_data(self, **kwargs):
        # Read only when the page's body is rendered, not when it comes from the cache.
        topic = self.object
        sessions = SimpleLazyObject(
            lambda: list(Session.objects.published().filter(topics=topic).for_cards())
        )
        articles = SimpleLazyObject(
            lambda: list(Article.objects.published().filter(topics=topic).with_related()[:20])
        )
        return super().get_context_data(sessions=sessions, articles=articles, **kwargs)


@require_safe
def search(request):
    """Search every installed app's published content (labimpact/search.py), by kind."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": ""}
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        search_query = Query(query)
        read_kept_fragments(request, ["search"], with_query=True)
        context.update(
            query=query,
            search_query=search_query,
            # Searched only when the results are rendered, not when they come from the
            # cache (the template's {% cache %}, kept per query and content version).
            groups=SimpleLazyObject(lambda: search_groups(search_query) if search_query else []),
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "workshops/search.html", context, status=status)

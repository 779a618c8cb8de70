import copy

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from workshops.caching import cached_for_content
from workshops.models import Article, Session, Topic, Workshop


def get_form_helper():
    """A GET form without CSRF token: filters are links anyone may share."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.add_input(Submit("", _("Filtra")))
    return helper


def _public_years():
    dates = Article.objects.published().datetimes("published_at", "year", order="DESC")
    return [d.year for d in dates]


def _year_choices():
    # Truncating every publication date to its year is the list's costliest query
    # (a Python function per row on SQLite): keep the answer until content changes.
    return [(year, year) for year in cached_for_content("article-years", _public_years)]


# The choices' querysets as callables (django-filter calls them with the request): every
# filter set deep-copies its filters, and a queryset's deep copy (its whole query) was most
# of a list's filter set's cost, even where its form is never built.
def _published_workshops(request):
    return Workshop.objects.published()


def _topics(request):
    return Topic.objects.all()


def workshop_filter(field_name, **kwargs):
    """Choose a published workshop by its slug."""
    return django_filters.ModelChoiceFilter(
        **kwargs,
        label=_("Laboratorio"),
        field_name=field_name,
        queryset=_published_workshops,
        to_field_name="slug",
        empty_label=_("Tutti i laboratori"),
    )


def topic_filter():
    """Choose a topic by its slug."""
    return django_filters.ModelChoiceFilter(
        label=_("Area di interesse"),
        field_name="topics",
        queryset=_topics,
        to_field_name="slug",
        empty_label=_("Tutte le aree"),
    )


class PublicFilterSet(django_filters.FilterSet):
    """A filter set of the public lists, whose form (a new form class per request, its
    fields, its helper) is built when first asked for: a list page whose body is kept and
    that has no filters in force never asks."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # As django-filter's, but for the copy of the filters (``filters``), made only
        # when asked for: copying them was a twentieth of a kept calendar page's time.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix

    @cached_property
    def filters(self):
        filters = self.copy_filters()
        for filter_ in filters.values():
            filter_.model = self.queryset.model
            filter_.parent = self
        return filters

    def copy_filters(self):
        """This filter set's own copy of the class's filters."""
        return copy.deepcopy(self.base_filters)

    @classmethod
    def for_query(cls, query, **kwargs):
        """The filter set of a list's query string: unbound when it holds no filter (only a
        page number, say), as without one."""
        return cls(query if any(name in query for name in cls.base_filters) else None, **kwargs)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            super().form.helper = get_form_helper()
        return self._form


class ArticleFilter(PublicFilterSet):
    """Filters of the report list: by workshop, topic and year of publication."""

    workshop = workshop_filter("workshops", method="filter_workshop")
    topic = topic_filter()
    year = django_filters.ChoiceFilter(
        label=_("Anno"), field_name="published_at__year", empty_label=_("Tutti gli anni")
    )

    class Meta:
        model = Article
        fields = ["workshop", "topic", "year"]

    def filter_workshop(self, queryset, name, value):
        return queryset.about_workshop(value) if value else queryset

    def copy_filters(self):
        filters = super().copy_filters()
        # Read when the form's field is used (rendered, or given a year), not before.
        filters["year"].extra["choices"] = _year_choices
        return filters


class SessionFilter(PublicFilterSet):
    """Filters of the participants' calendar, shared by its pages and its iCal feed."""

    workshop = workshop_filter("workshop")
    topic = topic_filter()

    class Meta:
        model = Session
        fields = ["workshop", "topic"]

    @property
    def params(self):
        """The valid filters in force, as ``{"workshop": slug, "topic": slug}``."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {name: value.slug for name, value in self.form.cleaned_data.items() if value}

    @property
    def query_string(self):
        """The filters in force as ``?workshop=…&topic=…``, for links that must keep them."""
        params = QueryDict(mutable=True)
        params.update(self.params)
        return f"?{params.urlencode()}" if params else ""

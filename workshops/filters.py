import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.utils.translation import gettext_lazy as _

from labimpact.cache import cached_for_content
from workshops.models import Article, Topic, Workshop


def _public_years():
    dates = Article.objects.published().datetimes("published_at", "year", order="DESC")
    return [d.year for d in dates]


class ArticleFilter(django_filters.FilterSet):
    """Filters of the report list: by workshop, topic and year of publication."""

    workshop = django_filters.ModelChoiceFilter(
        label=_("Laboratorio"),
        field_name="session__workshop",
        queryset=Workshop.objects.published(),
        to_field_name="slug",
        empty_label=_("Tutti i laboratori"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Area di interesse"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Tutte le aree"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Anno"), field_name="published_at__year", empty_label=_("Tutti gli anni")
    )

    class Meta:
        model = Article
        fields = ["workshop", "topic", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Truncating every publication date to its year is the list's costliest query
        # (a Python function per row on SQLite): keep the answer until content changes.
        years = cached_for_content("article-years", _public_years)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.disable_csrf = True
        self.form.helper.add_input(Submit("", _("Filtra")))

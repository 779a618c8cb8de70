import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.utils.translation import gettext_lazy as _

from workshops.models import Article, Topic, Workshop


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
        years = self.queryset.datetimes("published_at", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(d.year, d.year) for d in years]
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.disable_csrf = True
        self.form.helper.add_input(Submit("", _("Filtra")))

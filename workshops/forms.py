from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

SEARCH_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """The public search box; long or malformed queries are explained, not run."""

    q = forms.CharField(
        label=_("Cerca"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("La ricerca è troppo lunga: al massimo %(limit_value)d caratteri."),
        },
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Parole da cercare")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("", _("Cerca")))

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

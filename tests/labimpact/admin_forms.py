"""Read an admin change form the way a browser submits it: every field with its value."""

from html.parser import HTMLParser

from django.urls import reverse


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.data = {}
        self._in_form = False
        self._select = None
        self._select_first = None
        self._select_multiple = False
        self._textarea = None

    def _add(self, name, value):
        if "__prefix__" not in name:  # the inline's template row, never submitted
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("id") == self.form_id
        if not self._in_form:
            return
        if tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = attrs.get("value", "")
            if "selected" in attrs:
                self._add(self._select, attrs.get("value", ""))
            return
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select, self._select_first = name, None
            self._select_multiple = "multiple" in attrs
        elif tag == "textarea":
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            # A single select with nothing selected submits its first option, as browsers do.
            chosen = self.data.get(self._select)
            if not chosen and not self._select_multiple and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and "__prefix__" not in self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(content, model):
    """{name: [values]} of the admin form of ``model`` in the page ``content``."""
    reader = _FormReader(f"{model._meta.model_name}_form")
    reader.feed(content)
    return reader.data


def read_form(client, url, model):
    response = client.get(url)
    assert response.status_code == 200, url
    return form_data(response.content.decode(), model)

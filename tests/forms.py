"""Fill in forms as a browser would: what a page's form sends when submitted unchanged."""

from html.parser import HTMLParser

TEXT_LIKE = {"", "text", "hidden", "number", "url", "email", "date", "time", "tel"}


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.fields = []
        self._in_form = form_id is None
        self._select = None
        self._select_options = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self._in_form = attrs.get("id") == self.form_id
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "").lower()
            if kind in TEXT_LIKE:
                self.fields.append((name, attrs.get("value", "")))
            elif kind in {"checkbox", "radio"} and "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._select_options = []
        elif tag == "option" and self._select is not None:
            self._select_options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None


def form_data(html, form_id=None, **changes):
    """The fields of the form ``form_id`` (the page's forms when None), with ``changes`` applied.

    A change to ``False`` unticks a checkbox; any other value replaces the field's value.
    """
    parser = _FormParser(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = [value]
    return data

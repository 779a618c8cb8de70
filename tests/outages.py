"""Dependencies made unreachable for a test: Redis at a closed port, a database that refuses.

Real failures, not mocks: the cache backend and the database driver meet a refused
connection exactly as in production when the service is stopped.
"""

import socket
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections


def closed_port():
    """A port of 127.0.0.1 that nothing listens on: bound by the system, then let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_redis_caches():
    """``CACHES`` with the project's Redis backend pointed at a closed port."""
    return {
        "default": {
            "BACKEND": "labimpact.redis_cache.ReusingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }


@contextmanager
def unreachable_database(tmp_path, alias=DEFAULT_DB_ALIAS):
    """Swap the connection for one that cannot connect, the vendor's way.

    PostgreSQL: a closed port on 127.0.0.1 (connection refused). SQLite: a file in a
    folder that does not exist (unable to open database file). The test's own
    connection, with its open transaction, is put back afterwards.
    """
    original = connections[alias]
    settings_dict = {**original.settings_dict}
    if original.vendor == "sqlite":
        settings_dict["NAME"] = str(Path(tmp_path) / "missing-folder" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    broken = original.__class__(settings_dict, alias=alias)
    connections[alias] = broken
    try:
        yield
    finally:
        broken.close()
        connections[alias] = original


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.fields = {}
        self._inside = False
        self._textarea = None
        self._select = None
        self._first_option = {}
        self._selected = set()
        self._multiple = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("id") == self.form_id
        if not self._inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            if "multiple" in attrs:
                self._multiple.add(name)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in attrs:
                self._selected.add(self._select)
                self.fields.setdefault(self._select, []).append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that opens a textarea's content.
            value = self.fields[self._textarea][-1]
            self.fields[self._textarea][-1] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def close(self):
        super().close()
        for name, value in self._first_option.items():
            if name not in self._selected and name not in self._multiple:
                self.fields[name] = [value]


def form_fields(html, form_id):
    """What a browser would submit from the form ``form_id`` of ``html``, untouched."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return reader.fields

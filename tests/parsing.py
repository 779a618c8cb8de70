"""Read pages the way crawlers and link previews do: tags of the head, structured data."""

import json
from html.parser import HTMLParser


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.meta = {}
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def parse_page(content):
    parser = _PageParser()
    parser.feed(content)
    parser.json_ld = [json.loads(text) for text in parser.json_ld]
    return parser


def feed_links(content):
    """{(type, href): title} of the page's <link rel="alternate"> to feeds (not to languages)."""
    return {
        (link["type"], link["href"]): link["title"]
        for link in parse_page(content).links
        if link.get("rel") == "alternate" and "type" in link
    }

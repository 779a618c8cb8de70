"""One render per page after a change: the other visitors wait for it (issue 14, part 2).

The page cache middleware is driven directly, on real threads, with a view that takes a
while and counts its renders: this is what a publish looks like to the app servers, when
every visitor's page is a miss at once.
"""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from labimpact.cache import AnonymousPageCacheMiddleware
from workshops.caching import bump_content_version

pytestmark = pytest.mark.usefixtures("page_cache")


class SlowView:
    """A view that renders the current ``state`` as it is when its render starts."""

    def __init__(self, seconds, status=200):
        self.seconds = seconds
        self.status = status
        self.state = "before"
        self.renders = 0
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renders += 1
        body = self.state
        time.sleep(self.seconds)
        return HttpResponse(body, status=self.status)


def fetch_at_once(middleware, count, path="/articoli/"):
    """``count`` requests for ``path`` released at the same instant; their responses."""
    barrier = threading.Barrier(count)
    responses = [None] * count

    def visit(index):
        request = RequestFactory().get(path)
        barrier.wait()
        responses[index] = middleware(request)

    threads = [threading.Thread(target=visit, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not any(thread.is_alive() for thread in threads), "a visitor never got its page"
    return responses


def test_many_visitors_after_a_change_cost_one_render():
    view = SlowView(seconds=0.3)
    middleware = AnonymousPageCacheMiddleware(view)
    bump_content_version()

    responses = fetch_at_once(middleware, 8)

    assert view.renders == 1
    assert [r.status_code for r in responses] == [200] * 8
    assert {r.content for r in responses} == {b"before"}
    assert sorted(r["X-Cache"] for r in responses) == ["hit"] * 7 + ["miss"]


def test_waiting_is_bounded(settings):
    settings.PAGE_CACHE_WAIT_SECONDS = 0.05
    view = SlowView(seconds=0.5)
    middleware = AnonymousPageCacheMiddleware(view)

    responses = fetch_at_once(middleware, 4)

    # Nobody waited past the bound for the slow render: each rendered the page itself.
    assert view.renders == 4
    assert {r.content for r in responses} == {b"before"}


def test_a_page_that_is_not_stored_releases_the_waiters_at_once(settings):
    # A long bound: waiters that kept waiting for a 404 that is never stored would
    # outlast the join timeout of fetch_at_once.
    settings.PAGE_CACHE_WAIT_SECONDS = 60
    view = SlowView(seconds=0.2, status=404)
    middleware = AnonymousPageCacheMiddleware(view)

    responses = fetch_at_once(middleware, 4)

    assert [r.status_code for r in responses] == [404] * 4
    assert view.renders == 4


def test_a_change_while_waiting_is_never_served_stale():
    view = SlowView(seconds=0.6)
    middleware = AnonymousPageCacheMiddleware(view)
    first = {}

    def leader():
        first["response"] = middleware(RequestFactory().get("/articoli/"))

    thread = threading.Thread(target=leader)
    thread.start()
    time.sleep(0.15)  # the leader is rendering "before"
    waiter_result = {}

    def waiter():
        waiter_result["response"] = middleware(RequestFactory().get("/articoli/"))

    waiting = threading.Thread(target=waiter)
    waiting.start()
    time.sleep(0.15)  # the waiter is waiting for the leader's page
    # An editor withdraws something: the page being rendered may show it.
    view.state = "after"
    bump_content_version()
    thread.join(timeout=10)
    waiting.join(timeout=10)

    assert first["response"].content == b"before"
    assert waiter_result["response"].content == b"after"
    assert view.renders == 2
    # The next visitor gets the page of the new version, not the leader's.
    assert middleware(RequestFactory().get("/articoli/")).content == b"after"

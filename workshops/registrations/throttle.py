"""A small fixed-window rate limit in the shared cache, per client address and per e-mail.

Written here rather than taken from django-ratelimit, whose system checks refuse the
project's Redis cache backend (labimpact/redis_cache.py). Counts live in the shared
cache, so every app server counts together; a cache that does not answer lets the
request through (the form is then limited by nothing worse than the outage).
"""

import hashlib
import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(kind, value):
    # Hashed: the cache never holds an address in clear.
    digest = hashlib.sha256(str(value).strip().lower().encode()).hexdigest()[:32]
    window = int(time.time()) // WINDOW_SECONDS
    return f"registration-rate:{kind}:{digest}:{window}"


def hit(kind, value, limit):
    """Count one request for ``value``; False once more than ``limit`` in this hour."""
    key = _key(kind, value)
    if cache.add(key, 1, WINDOW_SECONDS):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # Expired between add and incr: a new window has begun.
        cache.add(key, 1, WINDOW_SECONDS)
        return True


def client_address(request):
    """The client's address as django-axes reads it, behind the trusted proxies only."""
    return get_client_ip_address(request) or "unknown"

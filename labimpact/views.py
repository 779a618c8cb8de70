"""Views that belong to the whole site rather than to one app."""

import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from labimpact.middleware import RETRY_AFTER_SECONDS

HEALTH_PROBE_PREFIX = "health:probe:"


@never_cache
@require_safe
def health(request):
    """For the load balancer: the state of each dependency, 503 only when the database is down.

    The site serves every page without the cache (slower), never without the database.
    """
    database = _database_state()
    cache_state = _cache_state()
    if database != "ok":
        status, code = "error", 503
    elif cache_state != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = JsonResponse(
        {"status": status, "database": database, "cache": cache_state}, status=code
    )
    if code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _cache_state():
    # A write read back: the Redis backend answers as an empty cache when Redis is down
    # rather than raising, so only a round trip tells. A key per check, so that two app
    # servers checking at once never read each other's token.
    token = secrets.token_hex(8)
    key = f"{HEALTH_PROBE_PREFIX}{token}"
    try:
        cache.set(key, token, 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:  # any backend's failure means an unavailable cache, never a 500 here
        return "unavailable"
    return "ok" if found == token else "unavailable"

"""Signatures accepted per IP per petition (`SIGN_RATE_LIMIT`), counted in the shared cache.

With Redis (production, several app processes) the count is one atomic round trip: SET NX EX
starts the window with its expiry, INCR counts, both in one MULTI/EXEC pipeline; every process sees
the same counter. Other cache backends use Django's atomic `add` and `incr`.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def _key(petition_id, ip_hash):
    return f"sign-rate:{petition_id}:{ip_hash}"


def _hit_redis(cache, key, period):
    key = cache.make_and_validate_key(key)
    # Django's RedisCache has no public way to a redis-py client (SET NX EX and INCR in one
    # MULTI are not in its API): `_cache.get_client` is private. Django is pinned in the locks
    # and tests/test_private_apis.py fails loudly if this changes.
    client = cache._cache.get_client(key, write=True)
    pipe = client.pipeline(transaction=True)
    pipe.set(key, 0, ex=period, nx=True)
    pipe.incr(key)
    return pipe.execute()[1]


def _hit_cache(cache, key, period):
    for _attempt in range(2):
        cache.add(key, 0, period)
        try:
            return cache.incr(key)
        except ValueError:  # the window expired between add and incr: start a new one
            continue
    return 1


def allow(petition_id, ip_hash):
    """Count one signature from this IP on this petition; False once over the limit."""
    rate = settings.SIGN_RATE_LIMIT
    if rate is None:
        return True
    limit, period = rate
    key = _key(petition_id, ip_hash)
    cache = caches["default"]
    hit = _hit_redis if isinstance(cache, RedisCache) else _hit_cache
    return hit(cache, key, period) <= limit


def retry_after():
    rate = settings.SIGN_RATE_LIMIT
    return rate[1] if rate else 0

"""Private APIs the app still relies on, checked so that an upgrade that changes them fails here,
loudly, instead of in production. Each is pinned by the locks (requirements*.lock)."""

import inspect

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


def test_django_redis_cache_still_hands_out_a_redis_py_client():
    """petitions/ratelimit.py: `cache._cache.get_client(key, write=True)` -> redis.Redis.

    Building the client opens no connection, so this runs without a Redis server."""
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    assert isinstance(cache._cache, RedisCacheClient), "RedisCache._cache is gone or changed"
    parameters = inspect.signature(cache._cache.get_client).parameters
    assert list(parameters)[:2] == ["key", "write"], parameters
    client = cache._cache.get_client("sign-rate:1:x", write=True)
    assert isinstance(client, redis.Redis)
    pipe = client.pipeline(transaction=True)
    assert callable(pipe.set) and callable(pipe.incr)
    assert "nx" in inspect.signature(pipe.set).parameters
    assert "ex" in inspect.signature(pipe.set).parameters

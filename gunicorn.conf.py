"""gunicorn's settings that belong to the app; gunicorn reads ./gunicorn.conf.py by itself.

The command line (docs/production.md's unit, the README, bench/servers.py) keeps the rest: bind,
workers, threads, timeouts.
"""


def post_worker_init(worker):
    """Each worker, once the app is loaded: warmed up and its start-up objects frozen out of the
    garbage collector's way (config/worker_ready.py)."""
    from config import worker_ready

    worker_ready.prepare()

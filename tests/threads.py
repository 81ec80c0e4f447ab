"""Real threads released at once, each with its own database connection (PostgreSQL tests)."""

import threading

from django.db import connection


def in_threads(jobs, workers):
    """Run `jobs` (callables) in `workers` threads released at the same moment, each taking every
    `workers`-th job; each thread closes its own database connection at the end. Returns the
    results in the order of `jobs`."""
    workers = min(workers, len(jobs))
    barrier = threading.Barrier(workers)
    results = [None] * len(jobs)
    errors = []

    def worker(first):
        try:
            barrier.wait(timeout=60)
            for index in range(first, len(jobs), workers):
                results[index] = jobs[index]()
        except BaseException as error:  # reported by the test thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results

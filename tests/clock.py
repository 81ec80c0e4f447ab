"""The sign form's fill time (petitions/bot_checks.py), moved the way a person would move it.

The suite runs with the production minimum fill time (`SIGN_MIN_SECONDS`, 3 s). A person reads the
page before signing; a test that posts the form at once says when the form was served instead:
a minute ago, with a stamp signed exactly as the page signs it.
"""

import time

from petitions import bot_checks

A_MINUTE = 60


def served_ago(seconds=A_MINUTE):
    """The hidden `started` value of a form served `seconds` ago."""
    return bot_checks.stamp(time.time() - seconds)


def filled_in(data, seconds=A_MINUTE):
    """`data` as a person sends it after `seconds` on the page (a `started` already there stays)."""
    return {bot_checks.STARTED_FIELD: served_ago(seconds), **data}

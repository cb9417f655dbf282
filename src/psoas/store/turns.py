"""Turns: a write that first counts or looks, then inserts, takes its turn per key.

Counting then inserting is a race when two transactions do it at once: both count the same rows,
both insert, and a limit lets one more through (a workshop's last place, an address's third account,
a name's fifth wrong password), or a duplicate is stored (the same signal twice in a moment). On
PostgreSQL a transaction takes a turn with an advisory lock held until it ends, so another
transaction for the same key waits and then counts what the first one wrote. SQLite needs none:
psoas writes to it on one connection, one transaction at a time (store/database.py).
"""

from sqlalchemy import text
from sqlalchemy.orm import Session

_TAKE = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


def take_turn(session: Session, topic: str, key: str | int) -> None:
    """Wait until no other transaction holds the turn for (topic, key), then hold it until this
    transaction ends. Take several in a fixed order (topic by topic) so that two never wait on
    each other."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(_TAKE, {"key": f"{topic}:{key}"})

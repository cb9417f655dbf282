"""Dates and times on the person's own clock.

The browser names its time zone in a cookie (set by sync.js on every page). Until it has, and for
a name this machine does not know, times are shown in UTC; a page with dates drawn in another zone
than the browser's is drawn once more by sync.js.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request

from psoas.store.utc_time import as_utc

ZONE_COOKIE = "psoas_tz"
UTC_ZONE = ZoneInfo("UTC")


def person_zone(request: Request) -> ZoneInfo:
    """The time zone the person's browser named, or UTC."""
    name = request.cookies.get(ZONE_COOKIE, "")
    if not name:
        return UTC_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # unknown here, or not a zone name at all
        return UTC_ZONE


def local(moment: datetime | str, zone: ZoneInfo) -> datetime:
    """A stored moment (a datetime, or ISO 8601 text) on the person's clock."""
    parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return as_utc(parsed).astimezone(zone)


# Month names as strftime's %b writes them in English. Dates on the long pages are written from
# these rather than by strftime, which took a third of History's chart and table time.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_month(moment: datetime) -> str:
    """'05 Dec': strftime("%d %b")."""
    return f"{moment.day:02d} {MONTHS[moment.month - 1]}"


def hours_minutes(moment: datetime) -> str:
    """'07:30': strftime("%H:%M")."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def week_start(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight on the Monday of the week `now` falls in, on the person's clock."""
    today = now.astimezone(zone).date()
    return datetime.combine(today - timedelta(days=today.weekday()), time(), tzinfo=zone)

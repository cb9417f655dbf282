"""The workshop routes as the brief names them, for the tests and benchmark that drive a whole room
over HTTP: whether this build has them, and a started workshop made through the facilitator's forms.

Requests made (all from loopback, where no login is needed while no owner exists):
- `POST /workshops` with `title`, `minutes`, `level`, `focus` (form) → 303 to `/workshops/{id}`
- `GET /workshops/{id}`, whose page links the room screen as `/room/{code}`
- `POST /workshops/{id}/control` with `action=start|next|back` (form) → 303
- phones: `POST /w/{code}` with `nickname` (form; sets the `psoas_seat` cookie) → 303,
  `GET /w/{code}/events` (SSE), `POST /w/{code}/signal` with `kind=moment` (form)
- the console's stream `GET /workshops/{id}/events`, the room's `GET /room/{code}/events`
"""

import re
from collections.abc import Iterator

import httpx

ROOM_LINK = re.compile(r'href="/room/([ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6})"')


def workshop_routes_exist() -> bool:
    """Whether psoas's app has the facilitator's controls and the three event streams."""
    from psoas.web import api, pages

    def paths(routes: list[object]) -> Iterator[str]:
        for route in routes:
            included = getattr(route, "original_router", None)  # FastAPI keeps included routers whole
            if included is not None:
                yield from paths(included.routes)
            else:
                yield re.sub(r"\{[^}]+\}", "{}", getattr(route, "path", ""))

    found = set(paths([*api.router.routes, *pages.router.routes]))
    return {"/workshops/{}/control", "/workshops/{}/events", "/w/{}/events", "/room/{}/events"} <= found


def started_workshop(client: httpx.Client, base: str, minutes: int = 60) -> tuple[int, str]:
    """A workshop made and started through the facilitator's forms: its id and join code."""
    made = client.post(
        f"{base}/workshops",
        data={"title": "Tuesday group", "minutes": str(minutes), "level": "beginner", "focus": "general"},
    )
    assert made.status_code == 303, made.text[:500]
    workshop_id = int(made.headers["location"].rstrip("/").rsplit("/", 1)[1])
    page = client.get(f"{base}/workshops/{workshop_id}")
    found = ROOM_LINK.search(page.text)
    assert found, "the workshop's page links its room screen as /room/{code}"
    started = client.post(f"{base}/workshops/{workshop_id}/control", data={"action": "start"})
    assert started.status_code == 303, started.text[:500]
    return workshop_id, found.group(1)

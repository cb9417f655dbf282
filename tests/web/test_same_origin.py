"""Forms and API calls sent from another site are refused; the app's own and scripts' are not."""

from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from psoas.store.models import StoredPlan
from tests.servers import psoas_server


def test_it_refuses_a_cross_site_delete_and_keeps_the_data(server: str, engine: Engine) -> None:
    httpx.post(f"{server}/api/plans", json={"minutes": 10, "seed": 1})
    response = httpx.post(
        f"{server}/settings/delete",
        data={"confirmation": "delete my data"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert "another site" in response.text
    with Session(engine) as session:
        assert (session.scalar(select(func.count()).select_from(StoredPlan)) or 0) >= 1


def test_it_refuses_a_cross_site_form_identified_by_referer(server: str) -> None:
    response = httpx.post(
        f"{server}/intake", data={"level": "beginner"}, headers={"Referer": "https://evil.example/page"}
    )
    assert response.status_code == 403


def test_it_accepts_its_own_origin_and_requests_without_one(server: str) -> None:
    own = httpx.post(f"{server}/api/plans", json={"minutes": 10, "seed": 2}, headers={"Origin": server})
    assert own.status_code == 201
    assert httpx.post(f"{server}/api/plans", json={"minutes": 10, "seed": 3}).status_code == 201
    assert httpx.get(f"{server}/healthz", headers={"Origin": "https://evil.example"}).status_code == 200


def test_it_refuses_its_own_host_under_another_scheme(server: str) -> None:
    # The server speaks http here; a page claiming to be its https twin is not this origin (and a
    # plain-http page must not post to an https psoas on the same host).
    other_scheme = server.replace("http://", "https://")
    response = httpx.post(
        f"{server}/api/plans", json={"minutes": 10, "seed": 4}, headers={"Origin": other_scheme}
    )
    assert response.status_code == 403
    referred = httpx.post(
        f"{server}/intake", data={"level": "beginner"}, headers={"Referer": f"{other_scheme}/intake"}
    )
    assert referred.status_code == 403


def test_it_refuses_an_opaque_origin_that_hides_the_site(server: str) -> None:
    response = httpx.post(f"{server}/settings", data={"support_text": "x"}, headers={"Origin": "null"})
    assert response.status_code == 403


def test_it_refuses_a_host_name_it_does_not_answer_to(server: str) -> None:
    assert httpx.get(f"{server}/export.json", headers={"Host": "rebind.example:8000"}).status_code == 400
    assert httpx.get(f"{server}/healthz").status_code == 200


def test_it_answers_on_the_ipv6_loopback_and_accepts_its_own_origin_there(tmp_path: Path) -> None:
    with psoas_server(f"sqlite:///{tmp_path / 'v6.sqlite3'}", tmp_path, host="::1") as base:
        assert base.startswith("http://[::1]:")
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
        own = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 4}, headers={"Origin": base})
        assert own.status_code == 201
        other = httpx.get(f"{base}/healthz", headers={"Host": "rebind.example"})
        assert other.status_code == 400

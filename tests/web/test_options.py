"""OPTIONS says which methods an address takes, and so does a 405: every one, not the first route's."""

import httpx


def test_options_names_every_method_of_the_address(server: str) -> None:
    for path, methods in {
        "/api/sessions": "GET, OPTIONS, POST",
        "/api/recordings/7": "DELETE, GET, OPTIONS",
        "/settings": "GET, OPTIONS, POST",
    }.items():
        answer = httpx.options(f"{server}{path}")
        assert (answer.status_code, answer.headers["allow"]) == (204, methods), path


def test_a_method_the_address_does_not_take_gets_405_naming_every_one_it_does(server: str) -> None:
    answer = httpx.patch(f"{server}/api/sessions", json={})
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, OPTIONS, POST"


def test_options_of_an_address_that_names_nothing_is_404(server: str) -> None:
    assert httpx.options(f"{server}/api/nothing").status_code == 404

"""The limits kept per client count an IPv6 client by its /64, where one guesser may use any of
2^64 addresses, and an IPv4 address written in IPv6 as the IPv4 address it is."""

import pytest

from psoas.web.counted_address import counted_address
from psoas.web.join_limit import WrongCodes


@pytest.mark.parametrize(
    ("host", "counted"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("::1", "::1"),
        ("testclient", "testclient"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_a_client_is_counted_by_its_ipv4_address_or_its_ipv6_64(host: str | None, counted: str) -> None:
    assert counted_address(host) == counted


def test_wrong_codes_from_new_addresses_in_one_64_share_one_limit() -> None:
    """A guesser making a new address for every guess, as IPv6 lets them, is still held at ten."""
    limit = WrongCodes()
    for n in range(10):
        assert limit.retry_after(counted_address(f"2001:db8:5:6::{n + 1:x}")) is None
        limit.wrong(counted_address(f"2001:db8:5:6::{n + 1:x}"))
    assert limit.retry_after(counted_address("2001:db8:5:6::beef")) is not None
    assert limit.retry_after(counted_address("2001:db8:5:7::1")) is None

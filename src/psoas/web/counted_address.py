"""Whom a request is counted against, for the limits kept per client: an IPv4 address as it is, an
IPv6 address by the /64 network it lies in.

A home, an office or a phone on IPv6 is usually given a whole /64 (RFC 6177 recommends at least
that for a site; RFC 4941 has devices make new addresses in it at will), so one guesser can use
any of 2^64 addresses: counted one by one, a limit per address would hold nothing. An IPv4 address
written in IPv6 (::ffff:192.0.2.1) is counted as the IPv4 address it is, and this computer (::1)
as itself.
"""

import ipaddress

from starlette.requests import Request

UNKNOWN = "unknown"


def counted_address(host: str | None) -> str:
    """The key a client at `host` is counted under."""
    if not host:
        return UNKNOWN
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]  # not an address (a test client's name): counted as itself
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if address.is_loopback:  # this computer, which some limits leave out: kept recognisable
            return str(address)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def request_address(request: Request) -> str:
    """The key the client of this request is counted under."""
    return counted_address(request.client.host if request.client else None)

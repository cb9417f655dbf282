"""This machine's addresses on the local network, and the join address phones open.

Found without the internet: the addresses the machine's own name resolves to, and the address the
system would send from towards a private network (a UDP socket "connected" to it, which sends no
packet). Loopback and link-local addresses (127.x, 169.254.x) are left out: no phone reaches them.
"""

import ipaddress
import socket

# Private destinations whose route shows the interface facing the local network. Connecting a UDP
# socket only chooses a route; nothing is sent, and nothing needs to answer there.
_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that another device on the network could reach, private
    addresses first; empty when it has none (no network)."""
    found: list[str] = []
    try:
        for *_, socket_address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(socket_address[0]))
    except OSError:
        pass
    for probe in _PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
                found.append(udp.getsockname()[0])
            except OSError:
                continue
    usable: list[ipaddress.IPv4Address] = []
    for text in dict.fromkeys(found):  # in order, once each
        address = ipaddress.IPv4Address(text)
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            usable.append(address)
    return [str(address) for address in sorted(usable, key=lambda a: not a.is_private)]


def lan_hosts() -> list[str]:
    """The names a phone may use for this machine: its LAN addresses and its host name (with and
    without the ".local" that mDNS gives it)."""
    name = socket.gethostname().lower()
    names = [name, f"{name}.local"] if name and "." not in name else [name] if name else []
    return [*lan_addresses(), *names]


def terminal_qr(text: str) -> str:
    """A QR code of `text` drawn in the terminal with half blocks."""
    import io

    import segno

    drawn = io.StringIO()
    segno.make(text, error="m").terminal(out=drawn, compact=True)
    return drawn.getvalue()

"""The machine's address on the room's network, for `allies serve --lan` during a workshop."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterable

# Addresses a UDP socket is "connected" to only to learn which local address the machine would
# use to reach them; no packet is sent.
PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255", "8.8.8.8")


def lan_address() -> str | None:
    """The IPv4 address phones on the same network can open, or None when there is none."""
    return pick_lan_address(_candidates())


def pick_lan_address(candidates: Iterable[str]) -> str | None:
    """The first address that another device could reach: not loopback (127.0.0.1, which is the
    phone itself), not link-local (169.254.x.x, which no Wi-Fi router hands out), not 0.0.0.0."""
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if address.version == 4 and not (
            address.is_loopback or address.is_link_local or address.is_unspecified
        ):
            return str(address)
    return None


def is_loopback_host(host: str) -> bool:
    """True for a host name or address that means "this machine" (localhost, 127.x, ::1)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _candidates() -> list[str]:
    found = []
    for probe in PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
                found.append(udp.getsockname()[0])
            except OSError:
                continue
    with contextlib.suppress(OSError):  # a host name that does not resolve
        named = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found += [info[4][0] for info in named]
    return found

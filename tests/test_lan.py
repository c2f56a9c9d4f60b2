"""`allies serve --lan`: the machine's address on the room's network, for a workshop's phones."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from allies import network
from allies.management.commands.serve import server_address


def test_a_network_address_is_preferred_to_loopback_and_link_local():
    pick = network.pick_lan_address
    everywhere = "0.0.0.0"  # noqa: S104 - an address to skip, not one to bind
    assert pick(["127.0.0.1", "169.254.10.4", everywhere, "192.168.1.23", "10.0.0.5"]) == (
        "192.168.1.23"
    )
    assert pick(["::1", "fe80::1", "nonsense", "10.20.30.40"]) == "10.20.30.40"
    assert pick(["127.0.0.1", "127.0.1.1", "169.254.1.1"]) is None
    assert pick([]) is None


def test_loopback_names_and_addresses_are_recognised():
    for host in ("127.0.0.1", "127.0.1.1", "localhost", "LOCALHOST", "[::1]", "::1", "a.localhost"):
        assert network.is_loopback_host(host), host
    for host in ("192.168.1.23", "allies.example.org", "10.0.0.5", ""):
        assert not network.is_loopback_host(host), host


def test_without_lan_the_bind_address_is_kept():
    assert server_address("127.0.0.1:8123", lan=False) == ("127.0.0.1:8123", {})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_lan_answers_on_the_network_address(tmp_path):
    address = network.lan_address()
    if address is None:
        pytest.skip("this machine has no address on a network")
    port = _free_port()
    bind, environ = server_address(f"127.0.0.1:{port}", lan=True)
    assert bind == f"{address}:{port}"
    assert address in environ["ALLOWED_HOSTS"].split(",")

    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "SITE_URL")
    }
    env["ALLIES_DATA_DIR"] = str(tmp_path)
    command = [sys.executable, "-m", "allies.cli", "serve", "--lan", "--bind", f"127.0.0.1:{port}"]
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command line
            [*command, "--workers", "1"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://{address}:{port}/healthz"
                with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310
                    answer = (reply.status, reply.read())
            except OSError:
                time.sleep(0.3)
        assert answer == (200, b"ok\n"), log_path.read_text()[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log_path.read_text()
    assert f"Serving Allies at http://{address}:{port}/" in output
    assert f"Phones in the room open http://{address}:{port}/w/" in output

"""`allies serve --lan`: the machine's address on the room's network, for a workshop's phones."""

import pytest

from allies.core import env, network
from allies.management.commands.serve import server_address, start_problems
from tests.servers import allies_serve, first_answer, free_port


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


def test_serve_lan_answers_on_the_network_address(tmp_path):
    address = network.lan_address()
    if address is None:
        pytest.skip("this machine has no address on a network")
    port = free_port()
    bind, environ = server_address(f"127.0.0.1:{port}", lan=True)
    assert bind == f"{address}:{port}"
    assert address in environ["ALLOWED_HOSTS"].split(",")

    log_path = tmp_path / "serve.log"
    with allies_serve(tmp_path, log_path, "--lan", "--bind", f"127.0.0.1:{port}") as server:
        answer = first_answer(server, f"http://{address}:{port}/healthz")
        assert answer == (200, b"ok\n"), log_path.read_text()[-3000:]
    output = log_path.read_text()
    assert f"Serving Allies at http://{address}:{port}/" in output
    assert f"Phones in the room open http://{address}:{port}/w/" in output


def test_site_url_is_read_from_allies_site_url_first(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("ALLIES_SITE_URL", raising=False)
    assert env.site_url() is None
    monkeypatch.setenv("SITE_URL", "http://old.example/")
    assert env.site_url() == "http://old.example"
    monkeypatch.setenv("ALLIES_SITE_URL", "https://allies.example.org/")
    assert env.site_url() == "https://allies.example.org"


def test_lan_keeps_a_site_url_that_is_set(monkeypatch):
    if network.lan_address() is None:
        pytest.skip("this machine has no address on a network")
    monkeypatch.setenv("ALLIES_SITE_URL", "https://allies.example.org")
    _bind, environ = server_address("127.0.0.1:8123", lan=True)
    assert "ALLIES_SITE_URL" not in environ


@pytest.mark.parametrize(
    ("bind", "allowed", "debug", "database", "expected"),
    [
        ("127.0.0.1:8000", ["127.0.0.1"], False, "sqlite3", []),
        ("127.0.0.1:8000", ["127.0.0.1"], True, "sqlite3", []),  # a developer's own machine
        ("127.0.0.1:8001", ["allies.example.org"], True, "postgresql", ["DEBUG", "127.0.0.1"]),
        ("192.168.1.20:8000", ["127.0.0.1"], True, "sqlite3", ["DEBUG", "192.168.1.20"]),
        ("192.168.1.20:8000", ["127.0.0.1", "192.168.1.20"], False, "sqlite3", []),
        ("192.168.1.20:8000", ["*"], False, "sqlite3", []),
    ],
)
def test_serve_refuses_debug_where_others_reach_it_and_an_address_it_would_refuse(
    bind, allowed, debug, database, expected
):
    problems = start_problems(bind, allowed, debug=debug, database=database)
    assert len(problems) == len(expected), problems
    for problem, word in zip(problems, expected, strict=True):
        assert word in problem
    if expected and expected[-1] != "DEBUG":
        assert "ALLOWED_HOSTS=" in problems[-1]


def test_serving_everywhere_checks_the_site_address(monkeypatch):
    monkeypatch.setenv("ALLIES_SITE_URL", "https://allies.example.org")
    problems = start_problems("0.0.0.0:8000", ["127.0.0.1"], debug=False, database="sqlite3")
    assert len(problems) == 1 and "allies.example.org is not in ALLOWED_HOSTS" in problems[0]
    assert (
        start_problems("0.0.0.0:8000", ["allies.example.org"], debug=False, database="sqlite3")
        == []
    )


def test_behind_a_proxy_the_site_address_is_checked_not_the_loopback_one(monkeypatch):
    """nginx asks 127.0.0.1:8001 with the site's name, as docs/deploying.md sets it up."""
    monkeypatch.setenv("ALLIES_SITE_URL", "https://allies.example.org")
    site = ["allies.example.org"]
    kwargs = {"debug": False, "database": "postgresql", "behind_proxy": True}
    assert start_problems("127.0.0.1:8001", site, **kwargs) == []
    problems = start_problems("127.0.0.1:8001", ["other.example.org"], **kwargs)
    assert len(problems) == 1 and "allies.example.org is not in ALLOWED_HOSTS" in problems[0]
    # Not behind a proxy, the loopback address itself is asked for.
    assert start_problems("127.0.0.1:8001", site, debug=False, database="postgresql")

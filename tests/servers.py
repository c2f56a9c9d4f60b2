"""`allies serve` run for real in a test: started in the background, waited for, stopped."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def allies_serve(data_dir, log_path, *arguments, worker=False):
    """`allies serve ARGUMENTS --workers 1` on a data folder, without the caller's database or
    site settings; stopped when the block ends. Its output goes to log_path. Without the
    background worker unless `worker` (one process less on a busy machine)."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is the test process's own (tests/conftest.py); a real server
    # refuses to start with it (its deployment checks, async.E001).
    left_out = (
        "DATABASE_URL",
        "SECRET_KEY",
        "SITE_URL",
        "ALLIES_SITE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env["ALLIES_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "allies.cli", "serve", *arguments, "--workers", "1"]
    if not worker:
        command.append("--no-worker")
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def first_answer(server, url: str, seconds: float = 60) -> tuple[int, bytes] | None:
    """(status, body) of the first answer to GET url while the server starts, or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310 - our own server
                return reply.status, reply.read()
        except OSError:
            time.sleep(0.3)
    return None

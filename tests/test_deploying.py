"""The production guide and the backup guide stay true: every `allies` command line in them parses,
the environment file names only settings Allies reads, the crontab is a crontab, nginx accepts the
configuration. (scripts/check_deploying.py, run by CI, follows the whole guide on a real machine.)"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
GUIDES = [ROOT / "docs" / "deploying.md", ROOT / "docs" / "backups.md", ROOT / "README.md"]


def blocks(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    return re.findall(r"^```([^\n]*)\n(.*?)^```", text, flags=re.M | re.S)


def command_lines():
    """(guide, line, command name, arguments) for every `allies NAME ...` in a code block."""
    found = []
    for guide in GUIDES:
        for _info, body in blocks(guide):
            for line in body.splitlines():
                line = re.sub(r"\$\([^)]*\)", "2026-01-31", line.split("#")[0])
                for match in re.finditer(r"(?:^|&&\s*|;\s*|bin/)allies ([a-z]+)([^&|;]*)", line):
                    found.append((guide.name, line.strip(), match[1], shlex.split(match[2])))
    return found


def test_every_allies_command_in_the_guides_parses():
    lines = command_lines()
    assert {"backup", "restore", "serve", "migrate", "digest"} <= {name for *_, name, _a in lines}
    commands = get_commands()
    for guide, line, name, arguments in lines:
        assert name in commands, f"{guide}: no command {name!r} in {line!r}"
        command = load_command_class(commands[name], name)
        parser = command.create_parser("allies", name)
        try:
            parser.parse_args(arguments)
        except SystemExit:
            pytest.fail(f"{guide}: {line!r} does not parse")


def test_the_environment_file_names_only_settings_allies_reads():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [body] = [body for info, body in blocks(GUIDES[0]) if info == "ini allies.env"]
    names = [line.split("=", 1)[0] for line in body.splitlines() if "=" in line]
    assert {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"} <= set(names)
    missing = [name for name in names if f"| `{name}` |" not in readme]
    assert not missing, f"not in the README's configuration table: {missing}"


def test_the_crontab_is_a_crontab():
    [body] = [body for info, body in blocks(GUIDES[0]) if info == "cron"]
    field = r"(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?"
    jobs = 0
    for line in body.splitlines():
        if not line.strip() or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        schedule = line.split()[:5]
        assert all(re.fullmatch(field, part) for part in schedule), line
        assert "%" not in line.replace("\\%", ""), f"cron ends a command at an unescaped %: {line}"
        jobs += 1
    assert jobs == 2


def test_nginx_accepts_the_configuration_of_the_guide(tmp_path):
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        message = "nginx is not installed (apt-get install nginx)"
        if os.environ.get("ALLIES_REQUIRE_NGINX"):
            pytest.fail(message)
        pytest.skip(message)
    [site] = [body for info, body in blocks(GUIDES[0]) if info == "nginx"]
    (tmp_path / "allies.conf").write_text(site.replace("listen 80;", "listen 127.0.0.1:8080;"))
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/allies.conf; }}\n"
    )
    result = subprocess.run(  # noqa: S603 - nginx with our own configuration
        [nginx, "-t", "-c", str(main)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr

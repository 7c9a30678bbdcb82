"""A wheel built from the repository is complete: installed on its own (no checkout to fall back
on), it validates every bundled policy, migrates a fresh database, serves every bundled policy
and writes the Teams app package.

The wheel goes into a fresh virtualenv with no pip; the dependencies are borrowed from the
environment running the tests through a .pth file (only its site-packages directory, never the
checkout, which the editable install reaches through a finder the .pth does not run), so nothing
is downloaded but the wheel build's own setuptools, which pip caches.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.container.support import (
    APP_ID,
    REPO,
    clean_env,
    copy_build_context,
    free_port,
    json_lines,
    run,
    start,
)

BUNDLED = sorted(path.stem for path in (REPO / "knowledge" / "policies").glob("*.yaml"))
PACKAGES = ("bot", "cardkit", "dialogs", "forms", "knowledge")


@dataclass
class Install:
    venv: Path
    site: Path
    workdir: Path  # an empty directory to run from, so the checkout is nowhere on sys.path

    def command(self, name: str) -> Path:
        return self.venv / "bin" / name

    def run(self, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
        return run([self.command("policybot"), *argv], cwd=self.workdir, env=clean_env(**env))


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    root = tmp_path_factory.mktemp("wheel")
    source, dist, venv, workdir = (root / name for name in ("source", "dist", "venv", "run"))
    copy_build_context(source)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, source])
    (wheel,) = dist.glob("policybot-*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ]
    )
    site = Path(
        run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    )
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "zz_policybot_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    workdir.mkdir()
    return Install(venv, site, workdir)


def test_the_installed_code_is_the_wheels_not_the_checkouts(install: Install) -> None:
    probe = (
        "import importlib, importlib.metadata as m, json; "
        f"files = {{name: importlib.import_module(name).__file__ for name in {PACKAGES!r}}}; "
        "files['dist-info'] = str(m.distribution('policybot').locate_file('')); "
        "print(json.dumps(files))"
    )
    result = run([install.command("python"), "-c", probe], cwd=install.workdir, env=clean_env())
    for name, file in json.loads(result.stdout).items():
        assert Path(file).is_relative_to(install.site), f"{name} from {file}"


def test_every_bundled_policy_is_in_the_wheel_and_validates(install: Install) -> None:
    listed = install.run("ask", "--help")  # the install runs at all before anything heavier
    assert "policybot" in listed.stdout
    installed = sorted(
        path.stem for path in (install.site / "knowledge" / "policies").glob("*.yaml")
    )
    assert installed == BUNDLED
    install.run("kb", "validate", *BUNDLED)


def test_db_upgrade_migrates_a_fresh_database(install: Install, tmp_path: Path) -> None:
    migrations = REPO / "bot" / "records" / "migrations" / "versions"
    shipped = install.site / "bot" / "records" / "migrations" / "versions"
    assert {p.name for p in shipped.glob("*.py")} == {p.name for p in migrations.glob("*.py")}
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert "Database upgraded" in install.run("db", "upgrade", POLICYBOT_DATABASE_URL=url).stdout
    assert "Up to date." in install.run("db", "current", POLICYBOT_DATABASE_URL=url).stdout


def test_every_bundled_policy_serves_logs_json_and_stops_on_sigterm(
    install: Install, tmp_path: Path
) -> None:
    # All at once: each spends its ~3 s start loading its own policy. JSON logs asked for by the
    # environment here (the image test asks with --log-format).
    served = {}
    for policy in BUNDLED:
        port = free_port()
        env = clean_env(
            POLICYBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / policy}.sqlite3",
            POLICYBOT_LOG_FORMAT="json",
        )
        argv = [install.command("policybot"), "serve", "--policy", policy, "--port", str(port)]
        served[policy] = start(argv, env, port, f"serve {policy}", cwd=install.workdir)
    try:
        for policy, service in served.items():
            ready = service.wait_ready()
            assert ready["status"] == "ready" and ready["policy"].startswith(f"{policy} ")
    finally:
        stopped = {policy: service.stop() for policy, service in served.items()}
    for policy, (status, out, err) in stopped.items():
        assert status == 0, f"{policy}: exit {status} on SIGTERM\n{err}"
        messages = [entry["message"] for entry in json_lines(out)]
        assert any(m.startswith(f"serving policy {policy} ") for m in messages), messages
        assert not err, f"{policy}: JSON logs go to stdout, yet stderr has\n{err}"


def test_the_teams_package_is_built_from_the_packaged_assets(install: Install) -> None:
    output = install.workdir / "app.zip"
    install.run(
        "teams-package", "--app-id", APP_ID, "--allow-placeholder-urls", "--output", str(output)
    )
    with zipfile.ZipFile(output) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(archive.read("manifest.json"))["bots"][0]["botId"] == APP_ID
        for icon in ("color.png", "outline.png"):  # the links resolved, not copied as links
            assert archive.read(icon) == (REPO / "infra" / "teams" / icon).read_bytes()

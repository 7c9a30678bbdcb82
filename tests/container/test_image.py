"""The container image (infra/container/Containerfile) builds, runs as a non-root user from a
read-only filesystem, refuses to serve 0.0.0.0 without credentials, and serves, migrates, logs
JSON lines, answers its health check and stops on SIGTERM.

CI has no registry and no runtime that can start containers, but Podman builds images:
- the base is Debian bookworm made with debootstrap (python3, python3-venv, ca-certificates)
  and `podman import`ed, cached under /var/tmp/policybot-image-test (or
  $POLICYBOT_TEST_IMAGE_CACHE) keyed by its recipe, so a machine pays for it once;
- the machine's own CA certificates (/usr/local/share/ca-certificates, such as a proxy that
  inspects TLS) are added to the base, and PIP_CERT points pip at the system bundle, since pip
  otherwise trusts only its own copy of the public CAs;
- `podman build --isolation chroot --format docker` (the docker format keeps HEALTHCHECK);
- the image is mounted (`podman image mount`, read-only) and its entrypoint run through chroot
  as its user, with its environment and working directory, in a private mount namespace that
  adds /dev, /proc and a fresh directory for the SQLite database at the image's volume.

POLICYBOT_TEST_IMAGE=1 requires the test (missing podman or debootstrap is a failure), =0 skips
it. Unset, it runs where podman and debootstrap are installed (as root), and is skipped with the
reason elsewhere, except under CI=true, where it is required, as PostgreSQL is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.container.support import (
    APP_ID,
    READY_SECONDS,
    REPO,
    free_port,
    json_lines,
    run,
    start,
)

TOOLS = ("podman", "debootstrap", "unshare", "chroot")
SUITE = "bookworm"
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates")
MIRROR = os.environ.get("POLICYBOT_TEST_DEBIAN_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("POLICYBOT_TEST_IMAGE_CACHE", "/var/tmp/policybot-image-test"))
LOCAL_CAS = Path("/usr/local/share/ca-certificates")
BASE_RECIPE = 1  # raise when the making of the base changes, so that caches are rebuilt
BASE_CHANGES = (
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt",
)
IMAGE = "localhost/policybot:test"
CONTAINERFILE = REPO / "infra" / "container" / "Containerfile"
VOLUME = "/var/lib/policybot"
REFUSAL = "refusing to listen on 0.0.0.0 without credentials"
BUILD_SECONDS = 1800


def _unavailable() -> str | None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not installed (Debian: apt-get install podman debootstrap)"
    if os.geteuid() != 0:
        return "needs root (podman image mount, mount, chroot)"
    return None


def _require_tools() -> None:
    flag = os.environ.get("POLICYBOT_TEST_IMAGE", "").strip()
    if flag == "0":
        pytest.skip("image test turned off by POLICYBOT_TEST_IMAGE=0")
    reason = _unavailable()
    if reason is None:
        return
    required = flag == "1" or (not flag and os.environ.get("CI", "").lower() == "true")
    if required:
        pytest.fail(
            f"the image test is required (POLICYBOT_TEST_IMAGE=1 or CI=true) but {reason}; "
            "POLICYBOT_TEST_IMAGE=0 skips it on purpose",
            pytrace=False,
        )
    pytest.skip(f"image test skipped: {reason}; POLICYBOT_TEST_IMAGE=1 requires it")


def _base_key() -> str:
    recipe: list[Any] = [BASE_RECIPE, SUITE, BASE_PACKAGES, BASE_CHANGES]
    recipe += [
        [str(cert.relative_to(LOCAL_CAS)), hashlib.sha256(cert.read_bytes()).hexdigest()]
        for cert in sorted(LOCAL_CAS.rglob("*.crt"))
    ]
    return hashlib.sha256(json.dumps(recipe).encode()).hexdigest()[:16]


def _make_base_tarball(tarball: Path) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="rootfs-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        include = ",".join(BASE_PACKAGES)
        run(["debootstrap", "--variant=minbase", f"--include={include}", SUITE, rootfs, MIRROR])
        for cert in LOCAL_CAS.rglob("*.crt"):
            target = rootfs / "usr/local/share/ca-certificates" / cert.relative_to(LOCAL_CAS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cert, target)
        run(["chroot", rootfs, "update-ca-certificates"])
        # Trimmed as the slim Python images are: no package caches, documentation or locales.
        for leftover in ("var/cache/apt", "var/lib/apt/lists", "usr/share/doc", "usr/share/man"):
            shutil.rmtree(rootfs / leftover, ignore_errors=True)
            (rootfs / leftover).mkdir(parents=True)
        partial = tarball.with_suffix(".partial")
        run(["tar", "--numeric-owner", "-C", rootfs, "-cf", partial, "."])
        partial.replace(tarball)  # whole or absent, should the run be cut short


def base_image(report: Callable[[str], None]) -> str:
    """The Debian base, from podman's store, else the cached tarball, else debootstrap."""
    key = _base_key()
    tag = f"localhost/policybot-test-base:{key}"
    if subprocess.run(["podman", "image", "exists", tag], check=False).returncode == 0:
        report(f"base image {tag}: cached in podman's store")
        return tag
    tarball = CACHE / f"base-{key}.tar"
    started = time.monotonic()
    if not tarball.exists():
        _make_base_tarball(tarball)
        report(f"base image: debootstrap took {time.monotonic() - started:.0f} s")
    changes = [arg for change in BASE_CHANGES for arg in ("--change", change)]
    run(["podman", "import", *changes, tarball, tag])
    report(f"base image {tag}: ready in {time.monotonic() - started:.0f} s ({tarball})")
    return tag


@dataclass
class Image:
    root: Path  # the image's filesystem, mounted read-only
    config: dict[str, Any]
    healthcheck: list[str]  # podman's inspect keeps it beside the config, not in it
    size: int

    @property
    def user(self) -> tuple[int, int]:
        uid, _, gid = str(self.config["User"]).partition(":")
        return int(uid), int(gid or uid)

    def env(self, **extra: str) -> dict[str, str]:
        """The image's environment, as a runtime gives it (HOME from the user's entry)."""
        env = dict(item.split("=", 1) for item in self.config.get("Env") or [])
        return {**env, "HOME": VOLUME, **extra}

    def argv(self, data: Path, env: dict[str, str], command: Sequence[str]) -> list[str]:
        """`command` run in the image as a container would run it, with `data` as its volume."""
        uid, gid = self.user
        script = (
            'set -e; root=$1; data=$2; shift 2; mount --rbind /dev "$root/dev"; '
            'mount -t proc proc "$root/proc"; mount --bind "$data" "$root$VOLUME"; '
            'exec chroot --userspec="$USERSPEC" "$root" "$@"'
        )
        workdir = self.config.get("WorkingDir") or "/"
        pairs = [f"{key}={value}" for key, value in env.items()]
        return [
            "env", f"VOLUME={VOLUME}", f"USERSPEC={uid}:{gid}",
            "unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
            str(self.root), str(data), "/usr/bin/env", "-i", "-C", workdir, *pairs, *command,
        ]  # fmt: skip

    def entrypoint(self, *args: str) -> list[str]:
        return [*self.config["Entrypoint"], *(self.config.get("Cmd") or []), *args]


@pytest.fixture(scope="module")
def image(report: Callable[[str], None]) -> Iterator[Image]:
    _require_tools()
    base = base_image(report)
    started = time.monotonic()
    build = [
        "podman", "build", "--isolation", "chroot", "--format", "docker",
        "--build-arg", f"BASE={base}", "--tag", IMAGE, "--file", CONTAINERFILE, REPO,
    ]  # fmt: skip
    run(build, timeout=BUILD_SECONDS)
    report(f"image {IMAGE}: built in {time.monotonic() - started:.0f} s")
    (inspected,) = json.loads(run(["podman", "image", "inspect", IMAGE]).stdout)
    root = Path(run(["podman", "image", "mount", IMAGE]).stdout.strip())
    try:
        size = int(inspected["Size"])
        report(f"image {IMAGE}: {size / 1e6:.0f} MB ({size} bytes), base {base}")
        yield Image(root, inspected["Config"], inspected["Healthcheck"]["Test"], size)
    finally:
        subprocess.run(["podman", "image", "unmount", IMAGE], check=False, capture_output=True)


@pytest.fixture
def data(tmp_path: Path, image: Image) -> Path:
    """A fresh, empty volume owned by the image's user, as a runtime would provide it."""
    volume = tmp_path / "volume"
    volume.mkdir(mode=0o700)
    os.chown(volume, *image.user)
    return volume


def test_the_image_runs_as_a_non_root_user_from_a_read_only_filesystem(image: Image) -> None:
    uid, gid = image.user
    assert uid != 0 and gid != 0, image.config["User"]
    passwd = (image.root / "etc" / "passwd").read_text(encoding="utf-8")
    assert f"policybot:x:{uid}:{gid}:" in passwd
    assert (image.root / "opt" / "policybot").stat().st_uid == 0  # the code is not the user's
    with pytest.raises(OSError, match="Read-only file system"):
        (image.root / "probe").touch()  # so the service runs below without writing but its volume
    assert image.config["Entrypoint"] == ["policybot", "serve"]
    assert "3978/tcp" in image.config["ExposedPorts"] and VOLUME in image.config["Volumes"]
    assert image.env()["POLICYBOT_HOST"] == "0.0.0.0"


def test_without_credentials_serve_refuses_all_addresses(image: Image, data: Path) -> None:
    result = subprocess.run(
        image.argv(data, image.env(), image.entrypoint()),
        capture_output=True,
        text=True,
        timeout=READY_SECONDS,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert REFUSAL in result.stderr and "--dangerously-allow-unauthenticated" in result.stderr
    assert not any(data.iterdir())  # refused before opening the database


def test_unauthenticated_serving_only_when_dangerously_allowed(image: Image, data: Path) -> None:
    port = free_port()
    env = image.env(POLICYBOT_PORT=str(port))
    argv = image.argv(data, env, image.entrypoint("--dangerously-allow-unauthenticated"))
    service = start(argv, {"PATH": os.environ["PATH"]}, port, "image serve (unauthenticated)")
    try:
        assert service.wait_ready()["status"] == "ready"
    finally:
        status, _, err = service.stop()
    assert status == 0, err
    assert "LOCAL MODE" in err


def test_with_credentials_it_migrates_serves_logs_json_and_is_healthy(
    image: Image, data: Path
) -> None:
    port = free_port()
    env = image.env(
        POLICYBOT_PORT=str(port), MicrosoftAppId=APP_ID, MicrosoftAppPassword="not-a-real-secret"
    )
    argv = image.argv(data, env, image.entrypoint("--upgrade-database", "--log-format", "json"))
    service = start(argv, {"PATH": os.environ["PATH"]}, port, "image serve")
    try:
        ready = service.wait_ready()
        assert ready["status"] == "ready" and ready["database"] == "ok"
        kind, *check = image.healthcheck
        assert kind == "CMD", image.healthcheck
        health = subprocess.run(
            image.argv(data, env, check), capture_output=True, text=True, check=False
        )
        assert health.returncode == 0, health.stderr
    finally:
        status, out, err = service.stop()
    assert status == 0, f"exit {status} on SIGTERM\n{err}"
    down = subprocess.run(image.argv(data, env, check), capture_output=True, check=False)
    assert down.returncode != 0  # the check notices a service that is gone
    assert not err, f"JSON logs go to stdout, yet stderr has\n{err}"
    messages = [entry["message"] for entry in json_lines(out)]
    assert any(m.startswith("serving policy socitm-template ") for m in messages), messages
    assert "not-a-real-secret" not in out
    database = data / "policybot.sqlite3"
    assert database.is_file() and database.stat().st_uid == image.user[0]


def test_the_image_size_is_reported(image: Image, report: Callable[[str], None]) -> None:
    assert 0 < image.size < 1_000_000_000, image.size  # the figure itself is in the summary

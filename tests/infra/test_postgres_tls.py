"""The database URL's `?ssl=` as the Azure template sets it, against a PostgreSQL that speaks
TLS with a certificate from a throwaway CA: `verify-full` with PGSSLROOTCERT naming that CA
connects encrypted, refuses a server whose certificate another CA signed, and needs the CA file;
`require` encrypts without checking. Through bot.records.db.create_engine, the service's path."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import text

from bot.records.db import create_engine
from tests.conftest import _unavailable
from tests.pg import FAST_SETTINGS, PG_USER, TemporaryPostgres, find_bindir

pytestmark = pytest.mark.postgres


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str, issuer: x509.Name, key: ec.EllipticCurvePrivateKey, signer: object, *, ca: bool
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    return builder.sign(signer, hashes.SHA256())  # type: ignore[arg-type]


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


class TlsPostgres(TemporaryPostgres):
    """tests/pg.py's throwaway cluster, started with ssl=on and the given certificate."""

    def start_with_tls(self, certificate: bytes, key: bytes) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        for name, content in (("server.crt", certificate), ("server.key", key)):
            path = self.root / name
            path.write_bytes(content)
            path.chmod(0o600)
            if os.geteuid() == 0:
                shutil.chown(path, user=PG_USER)
                shutil.chown(self.root, user=PG_USER)
        initdb = [str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", PG_USER]
        self._run([*initdb, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"])
        options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-k {self.root}"]
        options += [f"-c {setting}" for setting in FAST_SETTINGS]
        options += [
            "-c ssl=on",
            f"-c ssl_cert_file={self.root / 'server.crt'}",
            f"-c ssl_key_file={self.root / 'server.key'}",
        ]
        pg_ctl = [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", "server.log"]
        self._run([*pg_ctl, "-o", " ".join(options), "-w", "-t", "30", "start"])
        return f"postgresql+asyncpg://{PG_USER}@127.0.0.1:{self.port}/postgres"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """(URL without ?ssl, the server's CA file, another CA's file)."""
    bindir = find_bindir()
    if bindir is None:
        _unavailable("no initdb found (install Debian's `postgresql` package)")
    assert bindir is not None
    files = tmp_path_factory.mktemp("tls")
    cas: list[Path] = []
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("policybot test CA", _name("policybot test CA"), ca_key, ca_key, ca=True)
    for label in ("ca", "other-ca"):
        key = ca_key if label == "ca" else ec.generate_private_key(ec.SECP256R1())
        cert = ca if label == "ca" else _certificate(label, _name(label), key, key, ca=True)
        (files / f"{label}.pem").write_bytes(_pem(cert))
        cas.append(files / f"{label}.pem")
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _certificate("localhost", ca.subject, server_key, ca_key, ca=False)
    key_pem = server_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    server = TlsPostgres(bindir)
    try:
        url = server.start_with_tls(_pem(server_cert), key_pem)
    except Exception as exc:
        server.stop()
        _unavailable(f"could not start a TLS server: {exc}\n{server.log_tail()}")
    try:
        yield url, cas[0], cas[1]
    finally:
        server.stop()


async def _encrypted(url: str) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            query = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            return bool(await conn.scalar(text(query)))
    finally:
        await engine.dispose()


@pytest.fixture
def no_default_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ~/.postgresql/root.crt to fall back on, and no PGSSLROOTCERT unless a test sets it."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PGSSLROOTCERT", raising=False)


def test_verify_full_with_the_servers_ca_connects_encrypted(
    tls_server: tuple[str, Path, Path], no_default_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca, _ = tls_server
    monkeypatch.setenv("PGSSLROOTCERT", str(ca))
    assert asyncio.run(_encrypted(f"{url}?ssl=verify-full"))


def test_verify_full_refuses_a_server_another_ca_signed(
    tls_server: tuple[str, Path, Path], no_default_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _, other_ca = tls_server
    monkeypatch.setenv("PGSSLROOTCERT", str(other_ca))
    with pytest.raises(Exception) as refused:
        asyncio.run(_encrypted(f"{url}?ssl=verify-full"))
    assert "certificate verify failed" in str(refused.value)


def test_verify_full_needs_a_ca_file(
    tls_server: tuple[str, Path, Path], no_default_root: None
) -> None:
    url, _, _ = tls_server
    with pytest.raises(Exception, match="root certificate file"):
        asyncio.run(_encrypted(f"{url}?ssl=verify-full"))


def test_require_encrypts_without_checking_the_certificate(
    tls_server: tuple[str, Path, Path], no_default_root: None
) -> None:
    url, _, _ = tls_server
    assert asyncio.run(_encrypted(f"{url}?ssl=require"))

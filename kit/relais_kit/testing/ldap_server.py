"""A real OpenLDAP server for tests (``ldap_server`` fixture): Debian's slapd run from a temporary directory with
its own slapd.conf (never the package's configuration), an mdb database under ``dc=relais,dc=test``, on a free
port, stopped after the test. Entries are added with ``slapadd`` before it starts (``LdapServer.start(ldif)``)."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
BASE_DN = "dc=relais,dc=test"
ADMIN_DN = f"cn=admin,{BASE_DN}"
ADMIN_PASSWORD = secrets.token_urlsafe(16)  # per test run; the directory lives only as long as a test
SCHEMAS = ("core", "cosine", "inetorgperson")

CONFIG = """\
{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
argsfile {dir}/slapd.args
database mdb
maxsize 104857600
suffix "{base}"
rootdn "{admin}"
rootpw {password}
directory {dir}/data
index objectClass eq
access to * by dn.exact="{admin}" write by users read by * auth
"""
BASE_LDIF = f"""\
dn: {BASE_DN}
objectClass: dcObject
objectClass: organization
o: Relais test
dc: relais

dn: ou=people,{BASE_DN}
objectClass: organizationalUnit
ou: people
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LdapServer:
    base_dn = BASE_DN
    admin_dn = ADMIN_DN
    admin_password = ADMIN_PASSWORD

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, ldif: str = "") -> LdapServer:
        """Load the base entries and ``ldif`` (entries under ou=people), then start slapd and wait for it."""
        data = self.directory / "data"
        data.mkdir(parents=True, exist_ok=True)
        includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
        conf = self.directory / "slapd.conf"
        conf.write_text(
            CONFIG.format(includes=includes, dir=self.directory, base=BASE_DN, admin=ADMIN_DN, password=ADMIN_PASSWORD)
        )
        entries = self.directory / "entries.ldif"
        entries.write_text(BASE_LDIF + ("\n" + ldif if ldif else ""), encoding="utf-8")
        loaded = subprocess.run([SLAPADD, "-f", str(conf), "-l", str(entries)], capture_output=True, timeout=60)
        if loaded.returncode != 0:
            pytest.fail(f"slapadd failed: {loaded.stderr.decode(errors='replace')}")
        command = [SLAPD, "-f", str(conf), "-h", f"{self.url}/", "-d", "0"]
        if os.geteuid() == 0:  # slapd should not run as root: give the files to nobody and drop to it
            shutil.chown(self.directory, "nobody")
            for path in self.directory.rglob("*"):
                shutil.chown(path, "nobody")
            command = ["runuser", "-u", "nobody", "--", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("slapd did not start")
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def person_ldif(uid: str, given: str, sn: str, mail: str | None = None, **extra: str) -> str:
    """An inetOrgPerson entry under ou=people (``extra``: mobile, telephoneNumber, preferredLanguage …)."""
    lines = [
        f"dn: uid={uid},ou=people,{BASE_DN}",
        "objectClass: inetOrgPerson",
        f"uid: {uid}",
        f"cn: {given} {sn}",
        f"givenName: {given}",
        f"sn: {sn}",
    ]
    if mail:
        lines.append(f"mail: {mail}")
    lines += [f"{name}: {value}" for name, value in extra.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture()
def ldap_server() -> Iterator[LdapServer]:
    """A slapd not yet started: call ``.start(ldif)`` with the entries the test needs."""
    # Not under pytest's tmp_path: its parents are private to the user running the tests, and slapd runs as nobody.
    directory = Path(tempfile.mkdtemp(prefix="relais-slapd-"))
    server = LdapServer(directory)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)

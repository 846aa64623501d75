"""A real OpenLDAP server (Debian's slapd) on a loopback port with a temporary config and a small directory.

`start_slapd(tmp)` writes slapd.conf (mdb backend), starts slapd in the foreground on 127.0.0.1, waits
until it answers and loads the people and groups below as the root DN; `DirectoryServer.stop()` ends it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ldap3 import Connection, Server
from ldap3.core.exceptions import LDAPException

from tests.mailserver import free_port

SLAPD = shutil.which("slapd") or ("/usr/sbin/slapd" if Path("/usr/sbin/slapd").exists() else None)
SCHEMA = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")
SUFFIX = "dc=example,dc=org"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "root-secret"
PEOPLE, GROUPS = f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}"

CONFIG = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {schema}/nis.schema
modulepath {modules}
moduleload back_mdb
pidfile {tmp}/slapd.pid
argsfile {tmp}/slapd.args
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {tmp}/data
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
"""


def missing_reason() -> str | None:
    if SLAPD is None:
        return "slapd is not installed (apt-get install slapd ldap-utils; .ci/run does it as root)"
    if not (SCHEMA / "inetorgperson.schema").exists() or not (MODULES / "back_mdb.so").exists():
        return "slapd's schema files or back_mdb module are missing"
    return None


@dataclass
class DirectoryServer:
    url: str
    process: subprocess.Popen

    log: object = None

    @contextmanager
    def admin(self) -> Iterator[Connection]:
        """A connection bound as the root DN, unbound afterwards (ldap3's own `with` keeps an auto-bound one)."""
        connection = Connection(Server(self.url), ROOT_DN, ROOT_PASSWORD)
        try:
            if not connection.bind():
                raise LDAPException(f"root bind refused: {connection.result}")
            yield connection
        finally:
            connection.unbind()
            if connection.socket is not None:
                connection.socket.close()

    def add_person(self, uid: str, name: str, email: str, password: str, department: str = "",
                   groups: tuple[str, ...] = ()) -> str:
        dn = f"uid={uid},{PEOPLE}"
        attributes = {"cn": name, "sn": name.split()[-1], "mail": email, "userPassword": password, "uid": uid}
        if department:
            attributes["departmentNumber"] = department
        with self.admin() as connection:
            assert connection.add(dn, ["inetOrgPerson"], attributes), connection.result
            for group in groups:
                group_dn = f"cn={group},{GROUPS}"
                if not connection.search(group_dn, "(objectClass=*)", search_scope="BASE"):
                    assert connection.add(group_dn, ["groupOfNames"], {"cn": group, "member": dn}), connection.result
                else:
                    assert connection.modify(group_dn, {"member": [("MODIFY_ADD", [dn])]}), connection.result
        return dn

    def remove(self, dn: str) -> None:
        with self.admin() as connection:
            assert connection.delete(dn), connection.result

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.log is not None:
            self.log.close()


def start_slapd(tmp: Path) -> DirectoryServer:
    (tmp / "data").mkdir(parents=True)
    config = tmp / "slapd.conf"
    config.write_text(CONFIG.format(schema=SCHEMA, modules=MODULES, tmp=tmp, suffix=SUFFIX, root_dn=ROOT_DN,
                                    root_password=ROOT_PASSWORD))
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    log = (tmp / "slapd.log").open("wb")
    process = subprocess.Popen([SLAPD, "-f", str(config), "-h", f"{url}/", "-d", "0"], stdout=log,
                               stderr=subprocess.STDOUT)
    server = DirectoryServer(url, process, log)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()  # listening yet?
            with server.admin() as connection:
                connection.add(SUFFIX, ["dcObject", "organization"], {"dc": "example", "o": "Example"})
                connection.add(PEOPLE, ["organizationalUnit"], {"ou": "people"})
                connection.add(GROUPS, ["organizationalUnit"], {"ou": "groups"})
            return server
        except (LDAPException, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("slapd did not start: " + (tmp / "slapd.log").read_text()[-2000:]) from None
            time.sleep(0.1)

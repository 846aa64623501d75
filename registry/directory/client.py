"""The directory itself, through ldap3: find a person by the configured filter, check their password
by binding as them, read their groups. Every network or server failure is `DirectoryUnavailable`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from ldap3 import BASE, NONE, SUBTREE, Connection, Server
from ldap3.core.exceptions import LDAPException
from ldap3.core.results import RESULT_NO_SUCH_OBJECT as NO_SUCH_OBJECT
from ldap3.utils.conv import escape_filter_chars

from registry.errors import UserFacingError

log = logging.getLogger(__name__)


class DirectoryUnavailable(UserFacingError):
    """The directory cannot be reached or refuses the registry's own account."""


@dataclass
class Person:
    dn: str
    name: str
    email: str
    department: str
    groups: list[str] = field(default_factory=list)


def _server() -> Server:
    config = current_app.config
    return Server(config["LDAP_URL"], connect_timeout=config["LDAP_TIMEOUT_SECONDS"], get_info=NONE)


def _connection(user: str | None, password: str | None) -> Connection:
    return Connection(_server(), user=user, password=password, raise_exceptions=False,
                      receive_timeout=current_app.config["LDAP_TIMEOUT_SECONDS"], read_only=True)


def unavailable(error: Exception | str) -> DirectoryUnavailable:
    log.error("LDAP directory %s unavailable: %s", current_app.config["LDAP_URL"], error)
    return DirectoryUnavailable(_("The staff directory cannot be reached, so directory sign-in is not possible "
                                  "right now. Try again in a few minutes; administrators can sign in with "
                                  "their local password."))


def _first(entry: dict, name: str) -> str:
    values = entry.get(name) or []
    value = values[0] if isinstance(values, list) and values else values
    return str(value).strip() if value else ""


def find_person(login: str) -> Person | None:
    """Return the one entry the user filter finds for this login, with its groups; None for none or several."""
    config = current_app.config
    connection = _connection(config["LDAP_BIND_DN"] or None, config["LDAP_BIND_PASSWORD"] or None)
    try:
        if not connection.bind():
            raise unavailable(f"the registry's bind was refused: {connection.result.get('description')}")
        query = config["LDAP_USER_FILTER"].replace("{login}", escape_filter_chars(login.strip()))
        attributes = [config["LDAP_NAME_ATTRIBUTE"], config["LDAP_EMAIL_ATTRIBUTE"],
                      config["LDAP_DEPARTMENT_ATTRIBUTE"]]
        connection.search(config["LDAP_USER_BASE"], query, SUBTREE, attributes=attributes, size_limit=2)
        found = [e for e in connection.response or [] if e.get("type") == "searchResEntry"]
        if len(found) != 1:
            if len(found) > 1:
                log.warning("LDAP filter %s matches several entries; refusing the sign-in", query)
            return None
        entry, dn = found[0]["attributes"], found[0]["dn"]
        person = Person(dn=dn, name=_first(entry, config["LDAP_NAME_ATTRIBUTE"]),
                        email=_first(entry, config["LDAP_EMAIL_ATTRIBUTE"]),
                        department=_first(entry, config["LDAP_DEPARTMENT_ATTRIBUTE"]))
        if config["LDAP_GROUP_BASE"]:
            group_query = config["LDAP_GROUP_FILTER"].replace("{dn}", escape_filter_chars(dn))
            connection.search(config["LDAP_GROUP_BASE"], group_query, SUBTREE, attributes=["cn"])
            person.groups = [_first(g["attributes"], "cn") for g in connection.response or []
                             if g.get("type") == "searchResEntry"]
        return person
    except LDAPException as error:
        raise unavailable(error) from None
    finally:
        _close(connection)


def entry_exists(dn: str) -> bool:
    """Whether the directory still has `dn` as a person the user filter admits (any login in its place).

    A base search on the entry: noSuchObject (deleted) or no entry (say, a disabled AD account that the
    filter leaves out) means the person is gone; any other failure is DirectoryUnavailable."""
    config = current_app.config
    connection = _connection(config["LDAP_BIND_DN"] or None, config["LDAP_BIND_PASSWORD"] or None)
    try:
        if not connection.bind():
            raise unavailable(f"the registry's bind was refused: {connection.result.get('description')}")
        query = config["LDAP_USER_FILTER"].replace("{login}", "*")
        connection.search(dn, query, BASE, attributes=["1.1"])
        result = connection.result or {}
        if result.get("result") == 0:
            return any(e.get("type") == "searchResEntry" for e in connection.response or [])
        if result.get("result") == NO_SUCH_OBJECT:
            return False
        raise unavailable(f"looking up {dn} failed: {result.get('description')} {result.get('message')}")
    except LDAPException as error:
        raise unavailable(error) from None
    finally:
        _close(connection)


def _close(connection: Connection) -> None:
    """Unbind, and close the socket that ldap3 2.9.1 leaves open when the server refused to connect."""
    try:
        connection.unbind()
    except LDAPException:
        pass
    sock = getattr(connection, "socket", None)
    if sock is not None:
        sock.close()


def password_matches(person: Person, password: str) -> bool:
    """Bind as the person: the directory itself checks the password (an empty one is never tried)."""
    if not password:  # an empty password would be an anonymous bind, which succeeds
        return False
    connection = _connection(person.dn, password)
    try:
        return bool(connection.bind())
    except LDAPException as error:
        raise unavailable(error) from None
    finally:
        _close(connection)

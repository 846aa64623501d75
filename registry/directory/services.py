"""Directory sign-in: the directory checks the password; the local account follows its entry.

With `LDAP_URL` set, a person found by `LDAP_USER_FILTER` signs in with the directory's password only;
their local account is made on the first sign-in and its name, e-mail, department and role (from
`LDAP_GROUP_ROLES`) are brought up to date on each. Local passwords keep working for administrators
(also while the directory is down), so the registry can always be administered; other local accounts
sign in through the directory. A person the directory no longer has is refused, and their account is
closed at once (deactivated, every sign-in ended, every API token revoked): at a sign-in attempt that
names the account, and for every linked account in `flask directory sync` (run it every night).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, or_, select

from registry.audit.services import record
from registry.auth import signins
from registry.auth.models import ROLES, Department, User, check_against_nobody
from registry.db import db, utcnow
from registry.directory import client
from registry.directory.client import DirectoryUnavailable, Person
from registry.directory.models import DirectoryLink

__all__ = ["DirectoryUnavailable", "authenticate", "close_removed", "sync_all"]


def _link_of(user: User | None) -> DirectoryLink | None:
    if user is None:
        return None
    return db.session.scalar(select(DirectoryLink).where(DirectoryLink.user_id == user.id))


def _local_admin(user: User | None, password: str) -> User | None:
    """The way in that never depends on the directory: an administrator's own local password."""
    if user is None or not user.has_role("admin") or not user.password_hash or _link_of(user) is not None:
        return None
    return user if user.check_password(password) and user.is_active else None


def role_from_groups(groups: list[str]) -> str:
    """The highest role any of the person's groups maps to (LDAP_GROUP_ROLES, "cn=role"); reader otherwise."""
    mapping = {}
    for pair in current_app.config["LDAP_GROUP_ROLES"]:
        group, _sep, role = pair.partition("=")
        if role.strip() in ROLES:
            mapping[group.strip().lower()] = role.strip()
    roles = [mapping[g.lower()] for g in groups if g.lower() in mapping]
    return max(roles, key=ROLES.index) if roles else "reader"


def _department(value: str) -> Department | None:
    if not value:
        return None
    return db.session.scalar(select(Department).where(or_(func.lower(Department.code) == value.lower(),
                                                          Department.name == value)))


def sync_account(person: Person) -> User:
    """Make or update the local account of a directory person; return it."""
    link = db.session.scalar(select(DirectoryLink).where(DirectoryLink.dn == person.dn))
    user = link.user if link else None
    email = (person.email or "").strip().lower()
    if user is None and email:  # an account made by hand before: adopt it
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    before = {"name": user.name, "email": user.email, "role": user.role,
              "department_id": user.department_id} if user else None
    if user is None:
        user = User(email=email or f"{person.dn[:200]}@directory.invalid", name=person.name or person.dn[:200],
                    locale=current_app.config["DEFAULT_LOCALE"])
        db.session.add(user)
    user.name = (person.name or user.name)[:200]
    if email:
        user.email = email[:254]
    user.role = role_from_groups(person.groups)
    user.department = _department(person.department)
    user.password_hash = ""  # the directory checks the password; no second copy here
    if link is None:
        link = DirectoryLink(user=user, dn=person.dn[:1000])
        db.session.add(link)
    link.synced_at = utcnow()
    after = {"name": user.name, "email": user.email, "role": user.role, "department_id": user.department_id}
    if after != before:
        record(None, "user.directory_sync", user, person.dn[:200], before=before, after=after)
    return user


def close_removed(link: DirectoryLink) -> bool:
    """Close the account of a person the directory no longer has; return whether it was open until now."""
    from registry.tokens.services import revoke_all  # tokens build on auth; import late like auth does here

    user = link.user
    ended = signins.end_sign_ins(user)
    revoked = revoke_all(None, user)
    was_active = user.is_active_account
    user.is_active_account = False
    link.synced_at = utcnow()
    if was_active or ended or revoked:
        record(None, "user.directory_removed", user, link.dn[:200],
               before={"active": was_active}, after={"active": False, "sign_ins_ended": ended,
                                                     "tokens_revoked": revoked})
    return was_active


def sync_all() -> dict[str, int]:
    """Check every directory-linked account against the directory; close those whose entry is gone.

    Raise DirectoryUnavailable (closing nothing more) when the directory cannot answer."""
    counts = {"checked": 0, "present": 0, "closed": 0}
    links = db.session.scalars(select(DirectoryLink).order_by(DirectoryLink.id)).all()
    for link in links:
        counts["checked"] += 1
        if client.entry_exists(link.dn):
            counts["present"] += 1
            link.synced_at = utcnow()
        elif close_removed(link):
            counts["closed"] += 1
    db.session.flush()
    return counts


def _close_if_removed(user: User | None) -> None:
    """At a sign-in the filter found nobody for: if the account's own entry is gone, close the account."""
    link = _link_of(user)
    if link is not None and not client.entry_exists(link.dn):
        close_removed(link)


def authenticate(login: str, password: str) -> User | None:
    """Return the user these credentials sign in, or None; raise DirectoryUnavailable when only it could tell."""
    local = db.session.scalar(select(User).where(func.lower(User.email) == login.strip().lower()))
    try:
        person = client.find_person(login)
    except DirectoryUnavailable:
        admin = _local_admin(local, password)
        if admin is not None:
            return admin
        raise
    if person is None or not client.password_matches(person, password):
        admin = _local_admin(local, password)
        if admin is None and person is None:
            _close_if_removed(local)
            check_against_nobody(password)  # as slow as a wrong password
        return admin
    user = sync_account(person)
    if not user.is_active:
        return None
    db.session.flush()
    return user

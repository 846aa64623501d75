"""People and organisation: departments, users and their roles."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from secrets import token_hex

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from registry.db import Model, utcnow

# Roles in increasing power; each role can do everything the ones before it can.
ROLES = ("reader", "editor", "approver", "admin")


class Department(Model):
    """An organisational unit that owns rules (办公室, 法规处 …)."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")

    users: Mapped[list[User]] = relationship(back_populates="department")

    def __repr__(self) -> str:
        return f"<Department {self.code} {self.name}>"


class User(UserMixin, Model):
    """A member of staff who signs in; the role decides what they may change."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(16), default="reader")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    locale: Mapped[str] = mapped_column(String(16), default="zh_CN")
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Set by an administrator for someone else: the user must choose their own before going on.
    is_password_temporary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department: Mapped[Department | None] = relationship(back_populates="users")

    # The raw token of the sign-in this request runs under (see registry/auth/signins.py); not stored.
    sign_in_token = None  # str: set per request, never stored

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive accounts
        return self.is_active_account

    def get_id(self) -> str:
        """Name the sign-in, not the user: the session and remember cookies carry only its token."""
        if not self.sign_in_token:
            raise RuntimeError("sign users in through registry.auth.signins.start_sign_in")
        return self.sign_in_token

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password, never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Say whether the password matches the stored hash; as slow for an account without one."""
        if not self.password_hash:
            return check_against_nobody(password)
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: str) -> bool:
        """Say whether the user's role is at least `role`."""
        return ROLES.index(self.role) >= ROLES.index(role)


@cache
def dummy_password_hash() -> str:
    """A hash of a random password, made once per process with the same method as real ones."""
    return generate_password_hash(token_hex(16))


def check_against_nobody(password: str) -> bool:
    """Hash the password against the dummy hash, so that an unknown account costs as much time; never True."""
    check_password_hash(dummy_password_hash(), password)
    return False


class SignIn(Model):
    """One signed-in browser: its cookies carry a random token whose hash is kept here.

    Signing out deletes the row, so a replayed session or remember-me cookie names nothing.
    """

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_remembered: Mapped[bool] = mapped_column(default=False)  # "stay signed in" was ticked
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(64), default="")

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<SignIn {self.id} user={self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}>"


class PasswordReset(Model):
    """A one-time link to set a new password, e-mailed to the account's address; only its hash is kept."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<PasswordReset {self.id} user={self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}>"

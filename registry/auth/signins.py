"""Server-side sign-ins: one row per signed-in browser, named by a random token the cookies carry.

Flask-Login stores `User.get_id()` in the session cookie and the remember-me cookie; here that is a
fresh random token per sign-in, never the user's id. Signing out deletes the row, a password change
deletes the user's other rows, and every row expires, so an old cookie names nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from registry.auth.models import SignIn, User
from registry.db import db, utcnow

TOUCH_EVERY = timedelta(minutes=1)  # write last_seen_at at most this often per sign-in


def hash_token(token: str) -> str:
    """Return the SHA-256 of a token: the database never holds a usable cookie value."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(is_remembered: bool) -> timedelta:
    config = current_app.config
    if is_remembered:
        return timedelta(seconds=config["REMEMBER_COOKIE_DURATION"])
    return timedelta(minutes=config["SIGN_IN_IDLE_MINUTES"])


def start_sign_in(user: User, *, remember: bool, user_agent: str = "", address: str = "") -> str:
    """Record a new sign-in for `user`, attach its token to the user object and return the token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(SignIn(token_hash=hash_token(token), user=user, is_remembered=remember, created_at=now,
                          last_seen_at=now, expires_at=now + _lifetime(remember),
                          user_agent=(user_agent or "")[:300], address=(address or "")[:64]))
    db.session.flush()
    user.sign_in_token = token
    return token


def find_sign_in(token: str, now: datetime | None = None) -> SignIn | None:
    """Return the unexpired sign-in of an active user that this token names, or None."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    sign_in = db.session.scalar(select(SignIn).options(joinedload(SignIn.user))
                                .where(SignIn.token_hash == hash_token(token)))
    if sign_in is None or sign_in.expires_at <= now or not sign_in.user.is_active:
        return None
    sign_in.user.sign_in_token = token
    return sign_in


def touch(sign_in: SignIn, now: datetime | None = None) -> bool:
    """Note activity (at most once a minute); an idle sign-in's expiry moves on. Return whether it wrote."""
    now = now or utcnow()
    if sign_in.last_seen_at > now - TOUCH_EVERY:
        return False
    sign_in.last_seen_at = now
    if not sign_in.is_remembered:
        sign_in.expires_at = now + _lifetime(False)
    db.session.flush()
    return True


def end_sign_in(token: str | None) -> None:
    """Forget one sign-in (signing out): its cookies stop working at once."""
    if token:
        db.session.execute(delete(SignIn).where(SignIn.token_hash == hash_token(token)))


def end_sign_ins(user: User, *, keep: str | None = None) -> int:
    """Forget every sign-in of `user` except the one named by `keep`; return how many ended."""
    query = delete(SignIn).where(SignIn.user_id == user.id)
    if keep:
        query = query.where(SignIn.token_hash != hash_token(keep))
    return db.session.execute(query).rowcount or 0


def active_sign_ins(user: User, now: datetime | None = None) -> list[SignIn]:
    """Return the user's unexpired sign-ins, most recently used first."""
    now = now or utcnow()
    return list(db.session.scalars(select(SignIn).where(SignIn.user_id == user.id, SignIn.expires_at > now)
                                   .order_by(SignIn.last_seen_at.desc())))


def prune_expired(now: datetime | None = None) -> int:
    """Delete expired sign-ins; return how many."""
    return db.session.execute(delete(SignIn).where(SignIn.expires_at <= (now or utcnow()))).rowcount or 0

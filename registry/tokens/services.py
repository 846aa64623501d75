"""Create, revoke and recognise personal API tokens; only their SHA-256 is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from registry.audit.services import record
from registry.auth.permissions import can_administer, is_signed_in
from registry.auth.signins import hash_token
from registry.db import db, utcnow
from registry.errors import UserFacingError
from registry.tokens.models import SCOPES, ApiToken

PREFIX = "rgt_"  # recognisable in logs and by secret scanners
TOUCH_EVERY = timedelta(minutes=1)  # write last_used_at at most this often per token
MAX_TOKENS = 20  # active tokens per user


class TokenError(UserFacingError):
    """A token that cannot be made or revoked, with the reason."""


def tokens_of(user) -> list[ApiToken]:
    """Return the user's tokens, active ones first, newest first."""
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                              .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return sorted(rows, key=lambda t: t.is_revoked)


def create_token(actor, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token for the actor; return it with the secret, which is shown this once and never again."""
    if not is_signed_in(actor):
        raise TokenError(_("Sign in to create a token."))
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name that says what uses it."))
    if scope not in SCOPES:
        raise TokenError(_("Choose read or read-write."))
    if sum(1 for t in tokens_of(actor) if not t.is_revoked) >= MAX_TOKENS:
        raise TokenError(_("You have %(count)d active tokens; revoke one first.", count=MAX_TOKENS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=actor.id, name=name[:100], scope=scope, token_hash=hash_token(secret),
                     prefix=secret[:len(PREFIX) + 4])
    db.session.add(token)
    record(actor, "token.create", token, f"{token.name} ({scope})")
    return token, secret


def revoke_token(actor, token: ApiToken | None) -> ApiToken:
    """Stop a token from working, at once; the row stays so the list shows what it was."""
    if token is None or token.user_id != actor.id:
        raise TokenError(_("There is no such token among yours."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(actor, "token.revoke", token, token.name)
    return token


def revoke_for(actor, owner, token: ApiToken | None) -> ApiToken:
    """An administrator stops another user's token (a leaked secret, a system retired); audited as theirs."""
    if not can_administer(actor):
        raise TokenError(_("Only administrators can revoke other users' tokens."))
    if token is None or owner is None or token.user_id != owner.id:
        raise TokenError(_("This user has no such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(actor, "token.revoke", token, f"{token.name} ({owner.email})", after={"owner_id": owner.id})
    return token


def revoke_all(actor, user) -> int:
    """Revoke every active token of `user` (an account closed or removed); return how many."""
    now, count = utcnow(), 0
    for token in tokens_of(user):
        if token.revoked_at is None:
            token.revoked_at = now
            count += 1
    if count:
        record(actor, "token.revoke_all", user, user.email, after={"tokens_revoked": count})
    return count


def find_token(secret: str) -> ApiToken | None:
    """Return the unrevoked token of an active user that this secret names, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                              .where(ApiToken.token_hash == hash_token(secret)))
    if token is None or token.is_revoked or not token.user.is_active:
        return None
    return token


def touch(token: ApiToken) -> bool:
    """Note the token's use (at most once a minute); return whether it wrote."""
    now = utcnow()
    if token.last_used_at is not None and token.last_used_at > now - TOUCH_EVERY:
        return False
    token.last_used_at = now
    db.session.flush()
    return True

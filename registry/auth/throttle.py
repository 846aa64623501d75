"""Count failed sign-ins per account and per address, and pause both after too many.

Built on `limits`, the rate-limit library under Flask-Limiter (same maintainers): Flask-Limiter counts
requests to a route and keeps one storage and key prefix per process, while sign-in needs to count
only failures, per account and per address, with a storage per app (memory, or Redis shared by
several nodes: LOGIN_LIMIT_STORAGE_URI). A moving window: the oldest failure drops out as time passes.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


@dataclass
class SignInThrottle:
    """The failure counters of one app; `app.extensions["sign_in_throttle"]`."""

    window: MovingWindowRateLimiter
    prefix: str

    @classmethod
    def from_config(cls, config) -> SignInThrottle:
        uri = config["LOGIN_LIMIT_STORAGE_URI"]
        options = {"wrap_exceptions": True} if uri.startswith(("redis", "rediss")) else {}
        parse(config["LOGIN_LIMIT_PER_ACCOUNT"]), parse(config["LOGIN_LIMIT_PER_ADDRESS"])  # refuse bad ones at start
        return cls(MovingWindowRateLimiter(storage_from_string(uri, **options)), config["LOGIN_LIMIT_KEY_PREFIX"])

    @property
    def per_account(self) -> RateLimitItem:
        return parse(current_app.config["LOGIN_LIMIT_PER_ACCOUNT"])

    @property
    def per_address(self) -> RateLimitItem:
        return parse(current_app.config["LOGIN_LIMIT_PER_ADDRESS"])

    def _keys(self, account: str, address: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        keys = [(self.per_address, (self.prefix, "address", address or "-"))]
        if account:
            keys.append((self.per_account, (self.prefix, "account", account.strip().lower()[:254])))
        return keys

    def wait_seconds(self, account: str, address: str) -> int:
        """Return how long this account and address must wait before trying again (0: they may try now)."""
        wait = 0.0
        try:
            for item, key in self._keys(account, address):
                if not self.window.test(item, *key):
                    reset_at = self.window.get_window_stats(item, *key).reset_time
                    wait = max(wait, reset_at - time.time(), 1)
        except StorageError as error:  # the shared counter is down: sign-in stays possible, say so loudly
            log.error("sign-in throttle storage unreachable, not throttling: %s", error)
            return 0
        return math.ceil(wait)

    def failed(self, account: str, address: str) -> None:
        """Count one failed sign-in (or password-reset request) against the account and the address."""
        try:
            for item, key in self._keys(account, address):
                self.window.hit(item, *key)
        except StorageError as error:
            log.error("sign-in throttle storage unreachable, failure not counted: %s", error)

    def succeeded(self, account: str) -> None:
        """Forget the account's failures after a correct password (the address keeps its count)."""
        try:
            self.window.clear(self.per_account, self.prefix, "account", account.strip().lower()[:254])
        except StorageError as error:
            log.error("sign-in throttle storage unreachable: %s", error)


def init_throttle(app: Flask) -> None:
    """Give the app its own failure counters, from its settings."""
    app.extensions["sign_in_throttle"] = SignInThrottle.from_config(app.config)


def throttle() -> SignInThrottle:
    """Return the current app's failure counters."""
    return current_app.extensions["sign_in_throttle"]

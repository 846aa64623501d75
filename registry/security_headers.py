"""Browser-side protection on every response: a strict Content-Security-Policy and safe cookies.

The pages load only the site's own stylesheet and scripts (no inline script, event handler or style
attribute anywhere in templates/), so the policy can forbid everything else. The headers are added in
`after_request`, which Flask also runs for error pages, static files and the API.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP level 2
    "Referrer-Policy": "same-origin",  # rule codes and search words stay on the site
}


def init_app(app: Flask) -> None:
    """Settle the cookies' Secure flag and add the security headers to every response."""
    if app.config["SESSION_COOKIE_SECURE"] is None:
        # Development and tests speak plain http on loopback, where a Secure cookie is never sent back.
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    if app.config["REMEMBER_COOKIE_SECURE"] is None:
        app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

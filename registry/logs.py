"""Log lines that can be traced to one request: a request id on every line, as text or JSON.

Each request gets an id: the caller's `X-Request-ID` when it is a sane token (a proxy or load
balancer that already made one), else a new random one. It is sent back in the response header,
shown on 500/503 pages for users to quote, and added to every line the registry logs while the
request runs. `REGISTRY_LOG_FORMAT=json` writes one JSON object per line for a log collector.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler, wsgi_errors_stream

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
PLAIN = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def request_id() -> str:
    """Return this request's id (made on first use), or "-" outside a request."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


class RequestIdFilter(logging.Filter):
    """Give every record a `request_id` attribute for the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RegistryHandler(logging.StreamHandler):
    """The registry's one handler: to the WSGI server's error stream in a request, else stderr."""


def configure_logging(app: Flask) -> None:
    """Send the registry's log lines through one handler with the request id, in the configured format."""
    fmt = app.config["LOG_FORMAT"]  # "plain" or "json": config.py refuses anything else at start
    logger = logging.getLogger("registry")  # app.logger and every registry.* module logger
    for handler in list(logger.handlers):
        if handler is default_handler or isinstance(handler, RegistryHandler):
            logger.removeHandler(handler)
    handler = RegistryHandler(wsgi_errors_stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(PLAIN))
    logger.addHandler(handler)
    logger.setLevel(app.config["LOG_LEVEL"].upper())


def init_app(app: Flask) -> None:
    """Configure logging and return the request id in every response."""
    configure_logging(app)

    @app.after_request
    def send_request_id(response):
        response.headers[HEADER] = request_id()
        return response

"""What a webhook is sent and how: the signed JSON event, or a chat group robot's message; one POST."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote

from flask_babel import gettext as _

from registry.webhooks.models import JSON_FORMAT

SIGNATURE_HEADER = "X-Registry-Signature-256"  # "sha256=" + HMAC-SHA256(secret, f"{timestamp}.{body}")
TIMESTAMP_HEADER = "X-Registry-Timestamp"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Sign the timestamp and the exact bytes sent; the receiver recomputes it with the shared secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def event_label(name: str) -> str:
    return {
        "version.approved": _("A version was approved"),
        "version.in_force": _("A version came into force"),
        "rule.repealed": _("A rule was repealed"),
        "review.overdue": _("A review is overdue"),
        "proposal.submitted": _("A proposal was submitted"),
        "proposal.decided": _("A proposal was decided"),
    }.get(name, name)


def chat_text(payload: dict) -> tuple[str, str]:
    """Return (title, Markdown text) telling a chat group what happened."""
    title = event_label(payload["event"])
    rule = payload.get("rule") or {}
    lines = [f"**{title}**"]
    if rule:
        lines.append(f"[{rule['code']} {rule['title']}]({rule['url']})")
    summary = (payload.get("data") or {}).get("summary")
    if summary:
        lines.append(str(summary)[:500])
    if payload.get("actor"):
        lines.append(_("By %(name)s", name=payload["actor"]))
    return title, "\n\n".join(lines)


def _chat_sign(secret: str, timestamp_ms: str) -> str:
    # DingTalk's and Feishu's robot signature: base64(HMAC-SHA256 over "timestamp\nsecret").
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def message(hook_format: str, payload: dict, secret: str, url: str) -> tuple[str, dict]:
    """Return (URL, JSON body) in the hook's format; the chat robots get the message shape they accept."""
    if hook_format == JSON_FORMAT:
        return url, payload
    title, text = chat_text(payload)
    if hook_format == "wecom":  # 企业微信 group robot
        return url, {"msgtype": "markdown", "markdown": {"content": text}}
    if hook_format == "dingtalk":  # 钉钉 custom robot; with a secret, signed in the URL
        if secret:
            stamp = str(int(time.time() * 1000))
            url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={quote(_chat_sign(secret, stamp))}"
        return url, {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    stamp = str(int(time.time()))  # 飞书 custom robot: plain text, signed in the body
    body = {"msg_type": "text", "content": {"text": text.replace("**", "")}}
    if secret:
        body.update(timestamp=stamp, sign=base64.b64encode(
            hmac.new(f"{stamp}\n{secret}".encode(), b"", hashlib.sha256).digest()).decode())
    return url, body


@dataclass
class Outcome:
    status: int | None
    error: str
    ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: dict, *, secret: str, event: str, delivery_id: int, timeout: float) -> Outcome:
    """POST the JSON once; never raises: the outcome says what the receiver answered or what failed."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    stamp = str(int(time.time()))
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "registry-webhooks/1",
        "X-Registry-Event": event, "X-Registry-Delivery": str(delivery_id), TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: signature(secret, stamp, data)})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (an admin's URL)
            response.read(10_000)
            status, error = response.status, ""
    except urllib.error.HTTPError as failure:
        status, error = failure.code, failure.read(500).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as failure:
        status, error = None, str(getattr(failure, "reason", failure))[:500]
    return Outcome(status, error, int((time.monotonic() - started) * 1000))

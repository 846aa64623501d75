"""Send e-mail over SMTP with the REGISTRY_MAIL_* settings; one connection serves a whole run."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from urllib.parse import urlsplit

from registry.db import utcnow


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused a message."""


class Mailer:
    """A lazily opened SMTP connection; use as a context manager around a batch of messages."""

    def __init__(self, config) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None
        self.unreachable: str | None = None  # set once connecting failed: later messages fail fast

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def message(self, to_name: str, to_address: str, subject: str, text: str, html: str | None = None
                ) -> EmailMessage:
        """Build a message from the configured sender, with an HTML alternative when given."""
        message = EmailMessage()
        message["From"] = self.config["MAIL_SENDER"]
        message["To"] = formataddr((to_name, to_address))
        message["Subject"] = subject
        message["Date"] = format_datetime(utcnow())
        # In the site's own domain, so that replies and threads point back to it, not to the mail host.
        domain = urlsplit(self.config["BASE_URL"]).hostname or self.config["MAIL_SENDER"].rpartition("@")[2]
        message["Message-ID"] = make_msgid(domain=domain or None)
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        return message

    def _connect(self) -> smtplib.SMTP:
        if self.unreachable:
            raise MailError(self.unreachable)
        if self.connection is not None:
            return self.connection
        c = self.config
        try:
            if c["MAIL_USE_SSL"]:
                connection = smtplib.SMTP_SSL(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
            else:
                connection = smtplib.SMTP(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
                if c["MAIL_USE_TLS"]:
                    connection.starttls()
            if c["MAIL_USERNAME"]:
                connection.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"])
        except (OSError, smtplib.SMTPException) as error:
            self.unreachable = f"cannot reach the mail server {c['MAIL_SERVER']}:{c['MAIL_PORT']}: {error}"
            raise MailError(self.unreachable) from error
        self.connection = connection
        return connection

    def verify_connection(self) -> None:
        """Connect (and sign in) as a run would, without sending anything; raise MailError if that fails."""
        self._connect()

    def send(self, message: EmailMessage) -> None:
        """Hand the message to the server; raise MailError unless it was accepted for every recipient."""
        connection = self._connect()
        try:
            refused = connection.send_message(message)
        except smtplib.SMTPServerDisconnected as error:
            self.connection = None
            raise MailError(f"the mail server closed the connection: {error}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(f"the mail server refused the message to {message['To']}: {error}") from error
        if refused:
            raise MailError(f"the mail server refused {', '.join(refused)}")

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.connection = None

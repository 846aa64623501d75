"""Fixtures of the validity tests: the acknowledgement tests' office, rule and clients, and real SMTP."""

from tests.acknowledgements.conftest import client_for, office, rule_in_force  # noqa: F401
from tests.mailserver import app_settings, mail_port, smtp_server  # noqa: F401

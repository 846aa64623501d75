"""Fixtures of the clean-up tests: the acknowledgement tests' office, rules and signed-in clients."""

from tests.acknowledgements.conftest import client_for, office  # noqa: F401

"""Fixtures of the clean-up tests: the acknowledgement tests' office, rules and signed-in clients."""

from tests.acknowledgements.conftest import cheap_password_hashes, client_for, office  # noqa: F401

"""Fixtures of the overlaps tests: the acknowledgement tests' office, rules and signed-in clients."""

from tests.acknowledgements.conftest import client_for, office, rule_in_force  # noqa: F401

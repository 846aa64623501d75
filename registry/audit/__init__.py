"""The append-only audit trail of every change of state."""

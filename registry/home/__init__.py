"""A person's own page after sign-in: what waits for them, the rules they own, what changed lately."""

"""Personal API tokens: a user's key for other systems, scoped read or read-write."""

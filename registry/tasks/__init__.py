"""Revision tasks: work assigned to a rule's owner with a due date (from reviews, campaigns, proposals)."""

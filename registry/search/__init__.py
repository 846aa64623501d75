"""Full-text search over rule versions and their articles."""

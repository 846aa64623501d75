"""Clean-up (清理): an inventory campaign's result published as the office's lists, and what they mean for a rule."""

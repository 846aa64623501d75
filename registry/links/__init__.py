"""Links between rules: references recognised in the text, what cites a rule, reviews when a cited article changes."""

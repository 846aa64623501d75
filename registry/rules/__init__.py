"""The rule catalogue: rules, their versions, categories, tags and links."""

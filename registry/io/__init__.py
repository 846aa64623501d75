"""Import, export and backup of the registry's content."""

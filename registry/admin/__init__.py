"""Administration: users, departments, categories."""

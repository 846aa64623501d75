"""Users, departments, roles and sign-in."""

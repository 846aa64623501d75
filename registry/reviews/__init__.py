"""Review cycles, reminders and supervision of overdue reviews."""

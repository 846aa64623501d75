"""In-app notifications and e-mail delivery, shared by reviews and proposals."""

"""Bare extension objects, bound to the app in create_app()."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from registry.db import db

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()

__all__ = ["babel", "csrf", "db", "login_manager"]

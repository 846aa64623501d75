"""Bare extension objects, bound to the app in create_app()."""

from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from registry.db import db

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
compress = Compress()  # gzip/brotli/zstd of HTML, JSON, CSS and JS when the client accepts it

__all__ = ["babel", "compress", "csrf", "db", "login_manager"]

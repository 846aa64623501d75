"""The import and export blueprint: uploads and downloads (views.py), the background import (job_views.py)."""

from flask import Blueprint

bp = Blueprint("io", __name__, url_prefix="/io")

from registry.io import job_views, views  # noqa: E402, F401  (their routes join bp)

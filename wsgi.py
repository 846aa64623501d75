"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi …`."""

from registry import create_app
from registry.collector import tune_collector

app = create_app()
tune_collector(app.config["GC_THRESHOLDS"])

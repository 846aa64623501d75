"""The standards blueprint: Akoma Ntoso downloads, ELI identifiers, the rule page's JSON-LD (views.py)."""

from flask import Blueprint

bp = Blueprint("standards", __name__)

from registry.standards import views  # noqa: E402, F401  (its routes join bp)

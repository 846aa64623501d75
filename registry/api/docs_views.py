"""The API's own description: the OpenAPI document and a reference page rendered from it on the server."""

from __future__ import annotations

from flask import jsonify, render_template, url_for

from registry.api import schemas
from registry.api.blueprint import bp
from registry.api.openapi import document
from registry.api.spec import adopt, operation


def adopt_search(app) -> None:
    """Search's JSON view lives with search; bring it under the same schemas and into the document."""
    adopt(app, "search.api.search_json", "/api/v1/search", summary="Search the rules' texts",
          response=schemas.SearchResults, query=schemas.SearchQuery)


@operation(bp, "/", summary="Where the API's parts are", response=schemas.Index, errors=(401, 403), tag="about")
def index():
    return {"openapi": url_for("api.openapi_json", _external=True),
            "reference": url_for("api.reference", _external=True),
            "rules": url_for("api.rules", _external=True)}


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())


@bp.get("/reference")
def reference():
    return render_template("api/reference.html", doc=document())

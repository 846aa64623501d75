"""The search page, its JSON twin under /api/v1/search, and the search administration pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import abort, after_this_request, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError

from registry.auth.permissions import can_administer, can_see_drafts, require
from registry.datefields import bad_day_message
from registry.db import db
from registry.errors import perform
from registry.labels import label
from registry.queryargs import int_arg
from registry.search import services
from registry.search.blueprint import api, bp
from registry.search.forms import SynonymForm
from registry.search.models import Synonym
from registry.search.queries import SearchRequest, search

log = logging.getLogger(__name__)

NOTES = {
    "long": lambda: _("Your query was very long; only its first 500 characters were searched."),
    "quote": lambda: _("A quotation mark was not closed; the rest of the query was searched as a phrase."),
    "operators": lambda: _("AND, OR and NOT need a word on each side; lone operators were ignored."),
}


def _run(per_page: int):
    req = SearchRequest.from_args(request.args, per_page)
    page = search(req, current_user)
    if page.total == 0 and not page.parsed.is_empty and req.page == 1 and not page.unavailable:
        _record_miss_after_response(req.q)
    return page


def _record_miss_after_response(query: str) -> None:
    """Count a query that found nothing once the answer is sent, in a short transaction of its own.

    A GET commits nothing in its own unit of work, and a reader never waits for, or loses the page to, the
    bookkeeping of what nobody found.
    """
    app = current_app._get_current_object()

    @after_this_request
    def later(response):
        def record() -> None:
            with app.app_context():
                try:
                    services.record_miss(query)
                    db.session.commit()
                except SQLAlchemyError as error:
                    db.session.rollback()
                    log.warning("A query that found nothing was not counted: %s", error)

        response.call_on_close(record)
        return response


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    href: str | None  # None: a count that cannot be chosen (no category, no department)
    active: bool


def _facet_links(page) -> list[tuple[str, list[FacetLink]]]:
    """Return each facet's heading and entries with the link that narrows the search to it.

    The links share every argument of this search but the facet's own and the page; they are written here
    with one url_for, not one per entry (a broad word meets hundreds of categories, departments and years).
    """
    base, args = url_for("search.results"), request.args.to_dict()
    groups = []
    for name, heading in (("status", _("Status")), ("category", _("Categories")),
                          ("department", _("Departments")), ("year", _("Year"))):
        chosen, entries = args.get(name), []
        for facet in page.facets.get(name, ()):
            shown = label(facet.key, "rule_status") if name == "status" else facet.label
            href = base + "?" + urlencode({**args, name: facet.key, "page": 1}) if facet.key else None
            entries.append(FacetLink(shown, facet.count, href, chosen == str(facet.key)))
        if entries:
            groups.append((heading, entries))
    return groups


@bp.get("/search")
def results():
    page = _run(current_app.config["PER_PAGE"])
    notes = [NOTES[n]() for n in page.parsed.notes if n in NOTES]
    if "on" in page.request.problems:  # the date as typed, and how to write one (the field keeps it too)
        notes.append(bad_day_message(request.args.get("on", "")))
    if others := [name for name in page.request.problems if name != "on"]:
        notes.append(_("Some filters could not be read and were ignored: %(names)s", names=", ".join(others)))
    drafts = can_see_drafts(current_user)
    return render_template("search/results.html", content=_content(page, notes, drafts, lambda: Markup(
        render_template("search/_results.html", page=page, notes=notes, facets=_facet_links(page),
                        can_see_drafts=drafts))))


def _content(page, notes: list[str], drafts: bool, write) -> Markup:
    """Return the results page's content, written once for as long as all it shows stays the same.

    A repeated search finds its page kept (queries._shown), and writing it out was then half of the
    request: twenty hits with their links, the facets, the pages. What it shows depends on the query
    string, the language, the URL prefix, whether the reader may ask for drafts, the notes, and the page's
    total, facets and hits (their texts included); the layout around it (the user, the bell) is written
    for every request.
    """
    kept = current_app.extensions["registry_search"].results_html
    if kept is None:
        return write()
    key = (request.script_root, request.query_string, str(get_locale()), drafts, tuple(notes), page.total,
           page.did_you_mean, page.unavailable,
           tuple((h.version.id, h.version.number, h.version.effective_on, h.rule.code, h.rule.title, h.status,
                  h.label, h.anchor, h.snippet) for h in page.hits),
           tuple((name, tuple((f.key, f.label, f.count) for f in facets)) for name, facets in page.facets.items()))
    return kept.setdefault(key, write)


@api.get("")
def search_json():
    try:
        limit = min(100, max(1, int(request.args.get("limit", 20))))
    except ValueError:
        abort(400, "limit must be a whole number between 1 and 100.")
    page = _run(limit)
    if page.unavailable:
        abort(503, "Search is temporarily unavailable.")
    return {
        "query": page.request.q,
        "total": page.total,
        "page": page.page,
        "limit": page.per_page,
        "pages": page.pages,
        "notes": page.parsed.notes + [f"ignored:{name}" for name in page.request.problems],
        "did_you_mean": page.did_you_mean or None,
        "hits": [{
            "code": hit.rule.code,
            "title": hit.rule.title,
            "status": hit.status,
            "version": hit.version.number,
            "article": hit.label or None,
            "anchor": hit.anchor,
            "score": hit.score,
            "snippet": str(hit.snippet),
            "url": url_for("rules.version_page", code=hit.rule.code, number=hit.version.number,
                           _anchor=hit.anchor, _external=True),
        } for hit in page.hits],
        "facets": {name: [{"key": f.key, "label": f.label, "count": f.count} for f in facets]
                   for name, facets in page.facets.items()},
    }


@bp.route("/admin/search/synonyms", methods=["GET", "POST"])
@login_required
def admin_synonyms():
    require(can_administer(current_user))
    editing = db.session.get(Synonym, int_arg("edit")) if int_arg("edit") else None
    form = SynonymForm(obj=editing)
    if form.validate_on_submit() and perform(lambda: services.save_synonym(current_user, editing, form.terms.data)):
        return redirect(url_for("search.admin_synonyms"))
    return render_template("search/synonyms.html", form=form, synonyms=services.synonym_rows(), editing=editing)


@bp.post("/admin/search/synonyms/<int:synonym_id>/delete")
@login_required
def delete_synonym(synonym_id: int):
    require(can_administer(current_user))
    synonym = db.session.get(Synonym, synonym_id) or abort(404)
    perform(lambda: services.delete_synonym(current_user, synonym))
    return redirect(url_for("search.admin_synonyms"))


@bp.get("/admin/search/misses")
@login_required
def admin_misses():
    require(can_administer(current_user))
    return render_template("search/misses.html", misses=services.frequent_misses())

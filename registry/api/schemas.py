"""The API's schemas: the same pydantic models validate requests, serialise answers and make the document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from registry.queryargs import ID_MAX, PAGE_MAX, bounded, page_number

# As on the pages (queryargs.page_arg, int_arg): nonsense or below 1 is page 1, a huge number the last page;
# an id that does not parse or is out of range is no filter.
PageNumber = Annotated[int, BeforeValidator(page_number), Field(ge=1, le=PAGE_MAX, description="1 when absent or "
                                                               "unreadable; past the end gives the last page")]
ID = Field(default=None, ge=1, le=ID_MAX)
OptionalId = Annotated[int | None, BeforeValidator(bounded)]
Status = Literal["in_force", "not_yet_in_force", "draft", "repealed", "lapsed"]


class Query(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=200_000)


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors
class ErrorDetail(Answer):
    status: int
    code: str = Field(description="Machine-readable: not_found, invalid, invalid_token, insufficient_scope …")
    message: str = Field(description="Human-readable, in the caller's language")
    fields: dict[str, list[str]] | None = Field(default=None, description="What is wrong with each field")
    reason: str | None = None
    request_id: str | None = Field(default=None, description="Quote it when reporting a server error")


class Error(Answer):
    error: ErrorDetail


# --- queries
class RulesQuery(Query):
    q: str = Field(default="", max_length=200, description="Words of the title or code")
    status: Status | None = None
    category: OptionalId = ID
    department: OptionalId = ID
    sort: Literal["code", "title", "updated", "created"] = "code"
    page: PageNumber = 1
    per_page: int = Field(default=20, ge=1, le=100)


class OnDate(Query):
    on: date | None = Field(default=None, description="The day the answer is about (YYYY-MM-DD); today by default")


class SearchQuery(Query):
    q: str = Field(default="", max_length=2000)
    limit: int = Field(default=20, ge=1, le=100)
    page: PageNumber = 1
    on: date | None = None
    status: Status | None = None


class ReviewsQuery(Query):
    within_days: int = Field(default=30, ge=0, le=3660, description="Due within this many days (overdue included)")


class ProposalsQuery(Query):
    rule: str | None = Field(default=None, max_length=300, description="A rule's code: its proposals")
    open_only: bool = True


class BacklogQuery(Query):
    status: Literal["proposed", "accepted", "drafting", "in_review", "enacted", "declined"] | None = None


# --- rules and versions
class RuleSummary(Answer):
    code: str
    title: str
    status: Status
    category: str | None = Field(description="The category's path in Chinese, e.g. 综合管理/办文")
    category_en: str | None = Field(description="The same path in English (a category without an English name "
                                                "keeps its Chinese one)")
    department: str | None = Field(description="The department's name in Chinese")
    department_en: str | None = Field(description="Its English name (its Chinese one where it has none)")
    owner: str | None
    tags: list[str]
    url: str


class RulePage(Answer):
    total: int
    page: int
    per_page: int
    pages: int
    items: list[RuleSummary]
    counts: dict[str, dict[str, int]]


class VersionSummary(Answer):
    number: int
    status: str
    effective_on: date | None
    change_summary: str
    approved_at: datetime | None
    url: str


class Article(Answer):
    anchor: str
    label: str
    text: str
    parents: list[str]


class RuleDetail(RuleSummary):
    on: date
    source_path: str | None
    repealed_on: date | None
    repeal_reason: str | None
    valid_until: date | None = Field(default=None, description="the day the rule lapses (失效) unless renewed")
    versions: list[VersionSummary]
    version: int | None
    articles: list[Article]


class VersionList(Answer):
    code: str
    items: list[VersionSummary]


class VersionDetail(VersionSummary):
    code: str
    issued_on: date | None
    body: str
    articles: list[Article]


class InForce(Answer):
    code: str
    on: date
    status: Status
    version: VersionDetail | None = Field(description="The text in force that day; null when none was")


# --- search
class SearchHit(Answer):
    code: str
    title: str
    status: str
    version: int
    article: str | None
    anchor: str | None
    score: float
    snippet: str
    url: str


class Facet(Answer):
    key: str | int | None
    label: str
    count: int


class SearchResults(Answer):
    query: str
    total: int
    page: int
    limit: int
    pages: int
    notes: list[str]
    did_you_mean: str | None
    hits: list[SearchHit]
    facets: dict[str, list[Facet]]


# --- reviews, proposals, backlog
class ReviewDue(Answer):
    code: str
    title: str
    due_on: date
    reason: str
    is_overdue: bool
    days_left: int
    owner: str | None
    last_reviewed_on: date | None
    url: str


class ReviewsDue(Answer):
    on: date
    items: list[ReviewDue]


class Comment(Answer):
    id: int
    author: str | None
    body: str
    created_at: datetime


class Proposal(Answer):
    id: int
    rule: str
    kind: Literal["revision", "repeal", "merge"]
    status: str
    rationale: str
    body: str | None
    base_version: int | None
    merge_into: str | None
    proposer: str | None
    created_at: datetime
    decided_at: datetime | None
    decision_reason: str
    comments: list[Comment]
    url: str


class ProposalList(Answer):
    items: list[Proposal]


class NewProposal(Body):
    rule: str = Field(min_length=1, max_length=300, description="The code of the rule to change")
    kind: Literal["revision", "repeal", "merge"]
    rationale: str = Field(min_length=1, max_length=20_000)
    body: str | None = Field(default=None, description="The proposed text (revisions)")
    merge_into: str | None = Field(default=None, max_length=300, description="Code of the rule to merge into")
    article_notes: str = Field(default="", max_length=20_000)


class NewComment(Body):
    body: str = Field(min_length=1, max_length=20_000)


class BacklogItem(Answer):
    id: int
    title: str
    need: str
    scope: str
    status: str
    department: str | None = Field(description="The department's name in Chinese")
    department_en: str | None = Field(description="Its English name (its Chinese one where it has none)")
    drafter: str | None
    due_on: date | None
    target_on: date | None
    rule: str | None
    url: str


class Backlog(Answer):
    items: list[BacklogItem]


class WaitingStep(Answer):
    rule: str = Field(description="The rule's code")
    title: str
    version: int = Field(description="The draft version's number")
    procedure: str
    stage: str = Field(description="The current stage's name, as the office named it (in Chinese)")
    stage_en: str = Field(description="The stage's English name (from its kind)")
    stage_kind: str
    what: Literal["act", "countersign", "dispose"] = Field(
        description="act at the stage, countersign for your department, or dispose of consultation comments")
    due_on: date | None
    is_overdue: bool
    url: str


class WaitingSteps(Answer):
    on: date
    items: list[WaitingStep]


class PendingAcknowledgement(Answer):
    id: int
    rule: str = Field(description="The rule's code")
    title: str
    version: int = Field(description="The version to read and confirm")
    previous_version: int | None = Field(description="For an amendment, the version it changes: read what changed")
    due_on: date
    is_overdue: bool
    url: str = Field(description="The rule page, where the reader confirms")


class PendingAcknowledgements(Answer):
    on: date
    items: list[PendingAcknowledgement]


class Index(Answer):
    openapi: str
    reference: str
    rules: str

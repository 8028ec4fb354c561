"""The shapes the HTTP API takes and gives (its OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

# Neo4j's integers are 64-bit; its strings are UTF-8 (no lone surrogates).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Deepest nesting of lists and maps in Cypher parameters.
MAX_PARAM_DEPTH = 100


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, bad_parameter.")
    message: str = Field(description="What went wrong, for a person.")


class ErrorPublic(BaseModel):
    error: ErrorDetail


class ParameterPublic(BaseModel):
    name: str
    type: Literal["str", "int", "float", "bool"]
    default: Any = None
    required: bool
    description: str = ""


class QueryPublic(BaseModel):
    name: str
    title: str
    description: str
    parameters: list[ParameterPublic]
    columns: list[str]
    ordered: bool


class Paged(BaseModel):
    """The paging every list answer carries."""

    count: int = Field(description="All rows before paging.")
    limit: int = Field(description="Rows per page, as asked for or the default.")
    offset: int = Field(description="Rows skipped before this page.")
    next: str | None = Field(
        description="The next page: this path and query string with offset moved on by "
        "limit; null on the last page."
    )


class QueriesPublic(Paged):
    data: list[QueryPublic] = Field(description="This page of the catalogue, by name.")


class QueryResult(Paged):
    name: str = Field(description="The catalogue query that ran.")
    rows: list[dict[str, Any]] = Field(description="This page of the rows.")


class SearchResult(Paged):
    data: list[dict[str, Any]] = Field(description="This page of the matching entities.")


class Health(BaseModel):
    status: Literal["ok"]
    store: str
    nodes: int
    edges: int
    documents: int


def _check_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{where}: text that is not valid Unicode (a lone surrogate)") from None


def _check_cypher_params(params: dict[str, Any]) -> None:
    """Raise ValueError for a JSON value that Neo4j cannot take as a parameter.

    A loop, not recursion: the body may nest as deep as the JSON parser allows.
    """
    pending: list[tuple[str, str, Any, int]] = []
    for name, value in params.items():
        _check_text(name, "a parameter name")
        pending.append((name, name, value, 0))
    while pending:
        name, where, value, depth = pending.pop()
        if depth > MAX_PARAM_DEPTH:
            raise ValueError(f"{name}: nested deeper than {MAX_PARAM_DEPTH} levels")
        if isinstance(value, str):
            _check_text(value, where)
        elif isinstance(value, int) and not isinstance(value, bool):
            if not INT64_MIN <= value <= INT64_MAX:
                raise ValueError(f"{where}: integer outside Neo4j's 64-bit range")
        elif isinstance(value, list):
            pending.extend((name, f"{where}[{i}]", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, f"a key in {where}")
                pending.append((name, f"{where}.{key}", item, depth + 1))


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="Its $parameters (integers within 64 bits, as Neo4j takes them).",
    )

    @field_validator("params")
    @classmethod
    def _neo4j_values(cls, params: dict[str, Any]) -> dict[str, Any]:
        _check_cypher_params(params)
        return params


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    count: int = Field(description="Rows returned (at most GOVKG_CYPHER_ROW_LIMIT).")
    truncated: bool = Field(description="True when the query had more rows than the limit.")


class DocumentIn(BaseModel):
    """An article to ingest, as JSON (or send the text itself as text/plain)."""

    id: str | None = Field(None, description="Stable document id (default: from the text).")
    text: str = Field(min_length=1, description="The article text (plain text or HTML).")
    title: str | None = None
    date: str | None = Field(None, description="Publication date, e.g. 2020-04-16.")
    url: str | None = None
    outlet: str | None = None


class DocumentPublic(BaseModel):
    id: str
    document: dict[str, Any] = Field(description="Title, date, outlet, url, checksum, ...")
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]] = Field(description="With evidence as {doc, sentence, start, end}.")


class IngestResult(DocumentPublic):
    status: Literal["added", "replaced", "unchanged"]


class ExplainedFact(BaseModel):
    type: str
    source: str
    target: str
    rules: list[str] = Field(description="Ids of the rules (rules.toml) that made the fact.")
    props: dict[str, Any] = Field(default_factory=dict)


class ExplainedSentence(BaseModel):
    sentence: str
    start: int = Field(description="Offset of the sentence in the document's cleaned text.")
    mentions: list[dict[str, Any]] = Field(
        description="Mentions found, with their rule (only when explained from the article)."
    )
    facts: list[ExplainedFact]
    rejected: list[dict[str, Any]] = Field(
        description="Proposals the graph model refused, with the reason (article only)."
    )


class Explanation(BaseModel):
    document: str
    from_: Literal["article", "store"] = Field(
        alias="from", description="Explained from the article text or from the stored facts."
    )
    entities: list[dict[str, Any]] = Field(
        default_factory=list, description="The document's entities with their rules."
    )
    sentences: list[ExplainedSentence]


class Retracted(BaseModel):
    id: str
    retracted: bool


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorPublic, "description": description}
    for status, description in (
        (404, "Unknown query, entity or document"),
        (422, "Bad parameters"),
    )
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = ERROR_RESPONSES | {
    status: {"model": ErrorPublic, "description": description}
    for status, description in (
        (401, "Missing or wrong X-API-Key"),
        (403, "Writes are disabled: GOVKG_API_KEY is not set"),
        (413, "Body over GOVKG_MAX_BODY_BYTES"),
    )
}

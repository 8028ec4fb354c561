"""The shapes the HTTP API takes and gives (its OpenAPI schema)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


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


class QueriesPublic(BaseModel):
    data: list[QueryPublic]
    count: int


class QueryResult(BaseModel):
    name: str = Field(description="The catalogue query that ran.")
    rows: list[dict[str, Any]] = Field(description="This page of the rows.")
    count: int = Field(description="All rows before paging.")


class Health(BaseModel):
    status: Literal["ok"]
    store: str
    nodes: int
    edges: int
    documents: int


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(default_factory=dict, description="Its $parameters.")


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

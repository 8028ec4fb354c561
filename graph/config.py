"""Every setting the application reads, in one place (environment or CLI options)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings from ``GOVKG_*`` and ``NEO4J_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="GOVKG_", extra="ignore")

    store: Literal["embedded", "neo4j"] = Field("embedded", description="Which graph store to use.")
    data_dir: Path = Field(Path("data"), description="Embedded store directory.")
    neo4j_uri: str = Field(
        "bolt://localhost:7687",
        validation_alias="NEO4J_URI",
        description="Neo4j URI (bolt://, neo4j://, neo4j+s:// for clusters and Aura).",
    )
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER", description="Neo4j user.")
    neo4j_password: str = Field(
        "neo4j", validation_alias="NEO4J_PASSWORD", description="Neo4j password."
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias="NEO4J_DATABASE", description="Neo4j database name."
    )
    api_key: str | None = Field(
        None, description="Key for write routes of the HTTP API (header X-API-Key)."
    )
    workers: int = Field(1, ge=1, description="Extraction processes.")
    cypher: bool = Field(
        False, description="Serve ad-hoc read-only Cypher at POST /cypher (on/off; Neo4j)."
    )
    cypher_require_key: bool = Field(
        True, description="POST /cypher needs the API key (header X-API-Key), like writes."
    )
    cypher_max_chars: int = Field(
        10_000, ge=1, description="Longest statement POST /cypher accepts (characters)."
    )
    cypher_max_depth: int = Field(
        32, ge=1, description="Deepest bracket nesting POST /cypher accepts."
    )
    cypher_timeout: float = Field(
        10.0, gt=0, description="Time limit (seconds) for ad-hoc Cypher through the HTTP API."
    )
    cypher_row_limit: int = Field(
        1000, ge=1, description="Most rows ad-hoc Cypher through the HTTP API returns."
    )
    max_page_size: int = Field(
        1000, ge=1, description="Largest `limit` a catalogue query through the HTTP API accepts."
    )
    result_cache_size: int = Field(
        1024,
        ge=0,
        description="Catalogue answers the HTTP API keeps until a write (embedded; 0: none).",
    )
    max_body_bytes: int = Field(
        2_000_000, ge=1, description="Largest request body the HTTP API accepts (bytes)."
    )

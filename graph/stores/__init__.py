"""Graph stores: the embedded default and Neo4j, behind one protocol."""

from __future__ import annotations

from graph.config import Settings
from graph.stores.base import ApplyReport, GraphStore
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore

__all__ = ["ApplyReport", "EmbeddedStore", "GraphStore", "Neo4jStore", "make_store"]


def make_store(settings: Settings) -> GraphStore:
    """The configured store, not yet opened."""
    if settings.store == "neo4j":
        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password,
            settings.neo4j_database,
        )
    return EmbeddedStore(settings.data_dir)

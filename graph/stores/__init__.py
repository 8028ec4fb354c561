"""Graph stores: the embedded default and Neo4j, behind one protocol.

The Neo4j store is imported when first named: its driver (and the optional
libraries it probes for) costs most of a second, which every command that works on
the embedded store would otherwise pay at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.config import Settings
from graph.stores.base import ApplyReport, GraphStore
from graph.stores.embedded import EmbeddedStore

if TYPE_CHECKING:
    from graph.stores.neo4j import Neo4jStore

__all__ = ["ApplyReport", "EmbeddedStore", "GraphStore", "Neo4jStore", "make_store"]


def __getattr__(name: str) -> Any:
    if name == "Neo4jStore":
        from graph.stores.neo4j import Neo4jStore

        return Neo4jStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_store(settings: Settings) -> GraphStore:
    """The configured store, not yet opened."""
    if settings.store == "neo4j":
        from graph.stores.neo4j import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password,
            settings.neo4j_database,
        )
    return EmbeddedStore(settings.data_dir)

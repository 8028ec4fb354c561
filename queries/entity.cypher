// name: entity
// title: One entity and its relationships
// description: Resolve a name or alias (과기정통부, MSIT, 케이티, "스마트대한민국 펀드") to the
//   entities it names, each with its properties and its relationships grouped by type and
//   direction (out, in, or both for PARTNERS_WITH), the nodes at the other end in name order.
// param name: str, name -- a name or alias, spacing and case ignored
// param as_of: str = null, date -- only what held on this day (yyyy-mm-dd): facts in their
//   valid time (else first seen by then) between entities that existed then
// columns: id, label, name, aliases, name_en, first_seen, last_seen, documents, details,
//   relationships
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($name_key, '\\', '\\\\') + '"')
YIELD node AS n
WITH n
WHERE $name_key IN n.keys
  AND ($as_of IS NULL OR (coalesce(n.founded, n.first_seen) <= $as_of AND coalesce($as_of < n.dissolved, true)))
CALL (n) {
  MATCH (n)-[r]-(other)
  WHERE type(r) <> 'MENTIONED_IN'
    AND ($as_of IS NULL OR (
        coalesce(other.founded, other.first_seen) <= $as_of AND coalesce($as_of < other.dissolved, true)
        AND coalesce(r.valid_from, CASE WHEN r.valid_to < r.first_seen THEN r.valid_to ELSE r.first_seen END) <= $as_of
        AND coalesce($as_of <= r.valid_to, true)))
  WITH type(r) AS type,
       CASE
         WHEN type(r) = 'PARTNERS_WITH' THEN 'both'
         WHEN startNode(r) = n THEN 'out'
         ELSE 'in'
       END AS direction,
       other
  ORDER BY other.name, other.id
  WITH type, direction, collect({id: other.id, name: other.name, label: labels(other)[0]}) AS nodes
  ORDER BY type, direction
  RETURN collect({type: type, direction: direction, count: size(nodes), nodes: nodes})
         AS relationships
}
RETURN n.id AS id,
       labels(n)[0] AS label,
       n.name AS name,
       coalesce(n.aliases, []) AS aliases,
       n.name_en AS name_en,
       n.first_seen AS first_seen,
       n.last_seen AS last_seen,
       COLLECT { MATCH (n)-[:MENTIONED_IN]->(d:Document) RETURN d.doc_id AS doc ORDER BY doc } AS documents,
       n {.amount_krw, .date, .ordinal, .role, .founded, .dissolved, .parent} AS details,
       relationships
ORDER BY name, id

// name: timeline
// title: An entity's dated facts in order
// description: The relationships of an entity that carry a date, oldest first: the date is
//   the one stated (date, else as_of), else the first document date (first_seen). Ordered by
//   date, then type, then the name at the other end.
// param entity: str, name -- the entity, by name or alias
// param as_of: str = null, date -- only what held on this day (yyyy-mm-dd): facts in their
//   valid time (else first seen by then) between entities that existed then
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: date, entity, entity_id, type, direction, other, other_id, other_label, first_seen,
//   last_seen, inferred, documents
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($entity_key, '\\', '\\\\') + '"')
YIELD node AS entity
WITH entity
WHERE $entity_key IN entity.keys
MATCH (entity)-[r]-(other)
WHERE type(r) <> 'MENTIONED_IN'
  AND ($as_of IS NULL OR (
        coalesce(entity.founded, entity.first_seen) <= $as_of AND coalesce($as_of < entity.dissolved, true)
        AND coalesce(other.founded, other.first_seen) <= $as_of AND coalesce($as_of < other.dissolved, true)
        AND coalesce(r.valid_from, CASE WHEN r.valid_to < r.first_seen THEN r.valid_to ELSE r.first_seen END) <= $as_of
        AND coalesce($as_of <= r.valid_to, true)))
WITH entity, r, other, coalesce(r.date, r.as_of, r.first_seen) AS date
WHERE date IS NOT NULL
RETURN date,
       entity.name AS entity,
       entity.id AS entity_id,
       type(r) AS type,
       CASE
         WHEN type(r) = 'PARTNERS_WITH' THEN 'both'
         WHEN startNode(r) = entity THEN 'out'
         ELSE 'in'
       END AS direction,
       other.name AS other,
       other.id AS other_id,
       labels(other)[0] AS other_label,
       r.first_seen AS first_seen,
       r.last_seen AS last_seen,
       coalesce(r.inferred, false) AS inferred,
       coalesce(r.sources, []) AS documents
ORDER BY date, type, other, other_id, entity_id, direction
LIMIT $limit

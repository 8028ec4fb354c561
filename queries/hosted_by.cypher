// name: hosted_by
// title: What an organisation hosts
// description: Programmes, funds and meetings that an organisation hosts (runs), with the
//   stated date, when the documents first and last mention it, and those documents.
// param org: str, name -- the host, by name or alias (과기정통부, MSIT)
// param as_of: str = null, date -- only what held on this day (yyyy-mm-dd): facts in their
//   valid time (else first seen by then) between entities that existed then
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: org, org_id, target, target_id, label, date, first_seen, last_seen, documents
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($org_key, '\\', '\\\\') + '"')
YIELD node AS org
WITH org
WHERE $org_key IN org.keys AND org:Ministry|Agency|Company|Organization
MATCH (org)-[h:HOSTS]->(target)
WHERE ($as_of IS NULL OR (
        coalesce(org.founded, org.first_seen) <= $as_of AND coalesce($as_of < org.dissolved, true)
        AND coalesce(target.founded, target.first_seen) <= $as_of AND coalesce($as_of < target.dissolved, true)
        AND coalesce(h.valid_from, CASE WHEN h.valid_to < h.first_seen THEN h.valid_to ELSE h.first_seen END) <= $as_of
        AND coalesce($as_of <= h.valid_to, true)))
RETURN org.name AS org,
       org.id AS org_id,
       target.name AS target,
       target.id AS target_id,
       labels(target)[0] AS label,
       h.date AS date,
       h.first_seen AS first_seen,
       h.last_seen AS last_seen,
       coalesce(h.sources, []) AS documents
ORDER BY target, target_id, org, org_id
LIMIT $limit

// name: hosted_by
// title: What an organisation hosts
// description: Programmes, funds and meetings that an organisation hosts (runs), with the
//   stated date, when the documents first and last mention it, and those documents.
// param org: str, name -- the host, by name or alias (과기정통부, MSIT)
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: org, org_id, target, target_id, label, date, first_seen, last_seen, documents
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($org_key, '\\', '\\\\') + '"')
YIELD node AS org
WITH org
WHERE $org_key IN org.keys AND org:Ministry|Agency|Company|Organization
MATCH (org)-[h:HOSTS]->(target)
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

// name: office_holders
// title: Who headed an organisation, and who succeeded whom
// description: The people seen heading an organisation, in order of when they held the post
//   (as_of, else first seen), with their role, when the documents first and last show them,
//   and the SUCCEEDS chain among them: whom each one succeeded (succeeds) and who succeeded
//   them (succeeded_by).
// param org: str, name -- the organisation, by name or alias (과기정통부, MSIT, 중기부)
// param as_of: str = null, date -- only what held on this day (yyyy-mm-dd): facts in their
//   valid time (else first seen by then) between entities that existed then
// columns: org, org_id, person, person_id, label, role, as_of, first_seen, last_seen,
//   succeeds, succeeded_by
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($org_key, '\\', '\\\\') + '"')
YIELD node AS org
WITH org
WHERE $org_key IN org.keys AND org:Ministry|Agency|Company|Organization
MATCH (person)-[h:HEADS]->(org)
WHERE ($as_of IS NULL OR (
        coalesce(org.founded, org.first_seen) <= $as_of AND coalesce($as_of < org.dissolved, true)
        AND coalesce(h.valid_from, CASE WHEN h.valid_to < h.first_seen THEN h.valid_to ELSE h.first_seen END) <= $as_of
        AND coalesce($as_of <= h.valid_to, true)))
CALL (org, person) {
  OPTIONAL MATCH (person)-[:SUCCEEDS]->(earlier)-[:HEADS]->(org)
  WITH earlier
  ORDER BY earlier.name, earlier.id
  RETURN collect(earlier.name) AS succeeds
}
CALL (org, person) {
  OPTIONAL MATCH (later)-[:SUCCEEDS]->(person)
  WHERE (later)-[:HEADS]->(org)
  WITH later
  ORDER BY later.name, later.id
  RETURN collect(later.name) AS succeeded_by
}
RETURN org.name AS org,
       org.id AS org_id,
       person.name AS person,
       person.id AS person_id,
       labels(person)[0] AS label,
       h.role AS role,
       h.as_of AS as_of,
       h.first_seen AS first_seen,
       h.last_seen AS last_seen,
       succeeds,
       succeeded_by
ORDER BY coalesce(as_of, first_seen), person, person_id, org, org_id

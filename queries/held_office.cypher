// name: held_office
// title: Who held an office on a day
// description: The people who headed an organisation on a day, in a role (장관, 1차관, 이사장)
//   or in every role, with the valid time of their post and where it comes from (basis:
//   reference, the office-holder data; text, the article said so; seen, only the days of the
//   documents), when it ends (until; until_inferred when the end is the next known holder's
//   start, whom reason names) and the sentences that say so. A post with no known end holds
//   until the next holder in the role starts; one known only from documents holds from the
//   first to the last day they show it.
// param org: str, name -- the organisation, by name or alias (과기정통부, 한국연구재단)
// param date: str, date -- the day (yyyy-mm-dd)
// param role: str = null -- only this role (장관, 1차관, 이사장, 장관 후보자)
// columns: org, org_id, role, person, person_id, label, since, until, until_inferred, basis,
//   reason, documents, evidence
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($org_key, '\\', '\\\\') + '"')
YIELD node AS org
WITH org
WHERE $org_key IN org.keys AND org:Ministry|Agency|Company|Organization
  AND coalesce(org.founded, org.first_seen) <= $date AND coalesce($date < org.dissolved, true)
MATCH (person)-[h:HEADS]->(org)
WHERE $role IS NULL OR h.role = $role
WITH org, person, h,
     coalesce(h.valid_from, CASE WHEN h.valid_to < h.first_seen THEN h.valid_to
                                 ELSE h.first_seen END) AS since
WHERE since <= $date
CALL (org, person, h, since) {
  OPTIONAL MATCH (other)-[n:HEADS]->(org)
  WHERE other <> person AND n.role = h.role
  WITH other, coalesce(n.valid_from, CASE WHEN n.valid_to < n.first_seen THEN n.valid_to
                                          ELSE n.first_seen END) AS next_since
  WHERE next_since > since
  WITH other, next_since
  ORDER BY next_since, other.name, other.id
  RETURN collect({since: next_since, name: other.name})[0] AS next
}
WITH org, person, h, since, next,
     CASE WHEN h.valid_to IS NULL AND next IS NOT NULL THEN true ELSE false END AS until_inferred
WITH org, person, h, since, next, until_inferred,
     CASE WHEN until_inferred THEN next.since ELSE h.valid_to END AS until
WHERE CASE
        WHEN h.valid_to IS NOT NULL THEN $date <= h.valid_to
        WHEN until_inferred THEN $date < next.since
        WHEN h.valid_from IS NOT NULL THEN true
        ELSE $date <= h.last_seen
      END
RETURN org.name AS org,
       org.id AS org_id,
       h.role AS role,
       person.name AS person,
       person.id AS person_id,
       labels(person)[0] AS label,
       since,
       until,
       until_inferred,
       coalesce(h.valid_source, 'seen') AS basis,
       CASE WHEN until_inferred
         THEN 'the next known ' + h.role + ', ' + next.name + ', took the post on ' + next.since
       END AS reason,
       coalesce(h.sources, []) AS documents,
       [i IN range(0, size(coalesce(h.evidence, [])) - 1) |
         {doc: h.evidence_docs[i], sentence: h.evidence[i]}] AS evidence
ORDER BY role, since, person, person_id, org, org_id

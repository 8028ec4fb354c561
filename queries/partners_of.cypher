// name: partners_of
// title: An organisation's partners
// description: The organisations an organisation cooperates with (PARTNERS_WITH, either
//   direction), with the date and agreement stated, and the documents that say so.
// param entity: str, name -- the organisation, by name or alias (중기부, KT)
// param as_of: str = null, date -- only what held on this day (yyyy-mm-dd): facts in their
//   valid time (else first seen by then) between entities that existed then
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: entity, entity_id, partner, partner_id, label, date, agreement, first_seen,
//   last_seen, documents
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($entity_key, '\\', '\\\\') + '"')
YIELD node AS entity
WITH entity
WHERE $entity_key IN entity.keys AND entity:Ministry|Agency|Company|Organization
MATCH (entity)-[p:PARTNERS_WITH]-(partner)
WHERE ($as_of IS NULL OR (
        coalesce(entity.founded, entity.first_seen) <= $as_of AND coalesce($as_of < entity.dissolved, true)
        AND coalesce(partner.founded, partner.first_seen) <= $as_of AND coalesce($as_of < partner.dissolved, true)
        AND coalesce(p.valid_from, CASE WHEN p.valid_to < p.first_seen THEN p.valid_to ELSE p.first_seen END) <= $as_of
        AND coalesce($as_of <= p.valid_to, true)))
RETURN entity.name AS entity,
       entity.id AS entity_id,
       partner.name AS partner,
       partner.id AS partner_id,
       labels(partner)[0] AS label,
       p.date AS date,
       p.agreement AS agreement,
       p.first_seen AS first_seen,
       p.last_seen AS last_seen,
       coalesce(p.sources, []) AS documents
ORDER BY partner, partner_id, entity, entity_id
LIMIT $limit

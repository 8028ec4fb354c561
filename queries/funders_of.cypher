// name: funders_of
// title: Who funds a programme or fund
// description: The organisations that put money into a programme or fund: the amount in KRW,
//   whether the funding is joint, the period, and the sentences that say so.
// param target: str, name -- the programme or fund, by name or alias (스마트 대한민국 펀드)
// param as_of: str = null, date -- only what held on this day (yyyy-mm-dd): facts in their
//   valid time (else first seen by then) between entities that existed then
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: target, target_id, funder, funder_id, label, amount_krw, co_funded, period,
//   evidence
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($target_key, '\\', '\\\\') + '"')
YIELD node AS target
WITH target
WHERE $target_key IN target.keys AND target:Program|Fund
MATCH (funder)-[f:FUNDS]->(target)
WHERE ($as_of IS NULL OR (
        coalesce(funder.founded, funder.first_seen) <= $as_of AND coalesce($as_of < funder.dissolved, true)
        AND coalesce(target.founded, target.first_seen) <= $as_of AND coalesce($as_of < target.dissolved, true)
        AND coalesce(f.valid_from, CASE WHEN f.valid_to < f.first_seen THEN f.valid_to ELSE f.first_seen END) <= $as_of
        AND coalesce($as_of <= f.valid_to, true)))
RETURN target.name AS target,
       target.id AS target_id,
       funder.name AS funder,
       funder.id AS funder_id,
       labels(funder)[0] AS label,
       f.amount_krw AS amount_krw,
       f.co_funded AS co_funded,
       f.period AS period,
       [i IN range(0, size(coalesce(f.evidence, [])) - 1) |
         {doc: f.evidence_docs[i], sentence: f.evidence[i]}] AS evidence
ORDER BY funder, funder_id, target, target_id
LIMIT $limit

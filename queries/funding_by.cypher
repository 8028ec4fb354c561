// name: funding_by
// title: What an organisation funds, with totals
// description: The programmes and funds an organisation puts money into, each with its own
//   stated contribution in KRW (amount_krw, null where the text gives none) and the size of
//   the fund where known (target_amount_krw); on every row the organisation's total over its
//   stated contributions only (total_krw, so a jointly created fund is never counted twice),
//   how many it funds (funded) and how many of those state no amount (unstated).
// param org: str, name -- the funder, by name or alias (KT, 중소벤처기업부)
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: org, org_id, target, target_id, label, amount_krw, target_amount_krw, co_funded,
//   period, total_krw, funded, unstated
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($org_key, '\\', '\\\\') + '"')
YIELD node AS org
WITH org
WHERE $org_key IN org.keys AND org:Ministry|Agency|Company|Organization
CALL (org) {
  MATCH (org)-[each:FUNDS]->()
  RETURN sum(each.amount_krw) AS total_krw, count(each) AS funded,
         count(each) - count(each.amount_krw) AS unstated
}
MATCH (org)-[f:FUNDS]->(target)
RETURN org.name AS org,
       org.id AS org_id,
       target.name AS target,
       target.id AS target_id,
       labels(target)[0] AS label,
       f.amount_krw AS amount_krw,
       target.amount_krw AS target_amount_krw,
       f.co_funded AS co_funded,
       f.period AS period,
       total_krw,
       funded,
       unstated
ORDER BY target, target_id, org, org_id
LIMIT $limit

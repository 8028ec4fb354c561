// name: cofunded_programs
// title: Programmes a company co-funds
// description: Programmes and funds that an organisation funds together with others: the
//   co-funders, every funder's own stated amount in KRW (null where the text gives none),
//   the size of the fund or programme where known (target_amount_krw), and the sentences (with their documents) that
//   state the organisation's funding. A target counts when the funding is stated as joint
//   (co_funded) or when another organisation funds it too. "Which programmes does KT co-fund?"
// param company: str, name -- the funder, by name or alias (KT, 케이티, 중기부)
// columns: company, company_id, target, target_id, label, amount_krw, target_amount_krw,
//   co_funders, amounts, evidence
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($company_key, '\\', '\\\\') + '"')
YIELD node AS company
WITH company
WHERE $company_key IN company.keys AND company:Ministry|Agency|Company|Organization
MATCH (company)-[f:FUNDS]->(target)
MATCH (funder)-[o:FUNDS]->(target)
WITH company, f, target, funder, o
ORDER BY funder.name, funder.id
WITH company, f, target,
     collect({funder: funder.name, funder_id: funder.id, amount_krw: o.amount_krw}) AS amounts
WITH company, f, target, amounts,
     [x IN amounts WHERE x.funder_id <> company.id | x.funder] AS co_funders
WHERE f.co_funded = true OR size(co_funders) > 0
RETURN company.name AS company,
       company.id AS company_id,
       target.name AS target,
       target.id AS target_id,
       labels(target)[0] AS label,
       f.amount_krw AS amount_krw,
       target.amount_krw AS target_amount_krw,
       co_funders,
       amounts,
       [i IN range(0, size(coalesce(f.evidence, [])) - 1) |
         {doc: f.evidence_docs[i], sentence: f.evidence[i]}] AS evidence
ORDER BY target, target_id, company, company_id

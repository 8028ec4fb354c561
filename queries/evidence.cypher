// name: evidence
// title: The evidence behind one fact
// description: Every document and sentence behind one relationship, source and target given
//   by name or alias: one row per (document, sentence), with the document's title and date.
//   A supporting document whose sentence is not among the stored evidence (edges keep at most
//   five sentences) has a row with no sentence. PARTNERS_WITH is matched in either direction.
// param source: str, name -- the start of the relationship, by name or alias (KT)
// param type: str, one of HOSTS|PARTNERS_WITH|FUNDS|SUCCEEDS|HEADS|WORKS_FOR|PARTICIPATES_IN|PART_OF -- the relationship type
// param target: str, name -- the end of the relationship, by name or alias (스마트 대한민국 펀드)
// columns: source, source_id, type, target, target_id, inferred, doc, title, date, sentence
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($source_key, '\\', '\\\\') + '"')
YIELD node AS s
WITH s
WHERE $source_key IN s.keys
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($target_key, '\\', '\\\\') + '"')
YIELD node AS t
WITH s, t
WHERE $target_key IN t.keys
MATCH (s)-[r]-(t)
WHERE type(r) = $type AND (startNode(r) = s OR type(r) = 'PARTNERS_WITH')
WITH s, r, t,
     [i IN range(0, size(coalesce(r.evidence, [])) - 1) |
       {doc: r.evidence_docs[i], sentence: r.evidence[i]}] AS said
WITH s, r, t,
     said + [d IN coalesce(r.sources, []) WHERE NOT d IN [e IN said | e.doc] |
       {doc: d, sentence: null}] AS items
UNWIND items AS item
WITH DISTINCT s, r, t, item
OPTIONAL MATCH (d:Document {doc_id: item.doc})
RETURN s.name AS source,
       s.id AS source_id,
       type(r) AS type,
       t.name AS target,
       t.id AS target_id,
       coalesce(r.inferred, false) AS inferred,
       item.doc AS doc,
       d.title AS title,
       d.date AS date,
       item.sentence AS sentence
ORDER BY source_id, target_id, date, doc, sentence

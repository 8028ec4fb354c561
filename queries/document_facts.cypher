// name: document_facts
// title: What one document supports
// description: A document with the entities it mentions and the relationships it supports
//   (those whose sources include it, inferred ones included), each with the sentences from
//   this document that state it. No row for an unknown document.
// param doc_id: str -- the document id (004_ebf31bfe4c93205e)
// columns: id, title, date, outlet, nodes, edges
// ordered: false
MATCH (d:Document {doc_id: $doc_id})
CALL (d) {
  MATCH (d)<-[:MENTIONED_IN]-(n)
  WITH n
  ORDER BY n.id
  RETURN collect({id: n.id, label: labels(n)[0], name: n.name}) AS nodes
}
CALL (d) {
  MATCH (d)<-[:MENTIONED_IN]-()-[r]-()
  WHERE type(r) <> 'MENTIONED_IN' AND d.doc_id IN r.sources
  WITH DISTINCT r
  WITH r, startNode(r) AS s, endNode(r) AS t
  ORDER BY type(r), s.id, t.id
  RETURN collect({
    type: type(r),
    source: s.id,
    source_name: s.name,
    target: t.id,
    target_name: t.name,
    inferred: coalesce(r.inferred, false),
    evidence: [i IN range(0, size(coalesce(r.evidence, [])) - 1)
               WHERE r.evidence_docs[i] = d.doc_id | r.evidence[i]]
  }) AS edges
}
RETURN d.doc_id AS id,
       d.title AS title,
       d.date AS date,
       d.outlet AS outlet,
       nodes,
       edges

// name: documents
// title: The loaded documents
// description: The documents in the graph, newest first: id, path, title, date, outlet,
//   how many entities each mentions and how many fact relationships it states.
// param limit: int = 100, 1..1000000000 -- at most this many documents
// param offset: int = 0, 0..1000000000 -- skip this many first (paging)
// columns: id, path, title, date, outlet, entities, facts
// ordered: true
MATCH (d:Document)
RETURN d.doc_id AS id,
       d.path AS path,
       d.title AS title,
       d.date AS date,
       d.outlet AS outlet,
       COUNT { (d)<-[:MENTIONED_IN]-() } AS entities,
       d.fact_count AS facts
ORDER BY date DESC, id
SKIP $offset
LIMIT $limit

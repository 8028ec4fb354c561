// name: stats
// title: What the graph holds
// description: Counts: one row per node label present (kind "label"), per relationship type
//   present (kind "type"), and the totals of documents, nodes and edges (kind "total"). Each
//   count is one label or type at a time, which Neo4j answers from its count store.
// columns: kind, name, count
// ordered: true
CALL () {
  MATCH (n:Ministry)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Ministry' AS name, count
  UNION ALL
  MATCH (n:Agency)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Agency' AS name, count
  UNION ALL
  MATCH (n:Company)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Company' AS name, count
  UNION ALL
  MATCH (n:Organization)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Organization' AS name, count
  UNION ALL
  MATCH (n:Minister)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Minister' AS name, count
  UNION ALL
  MATCH (n:Person)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Person' AS name, count
  UNION ALL
  MATCH (n:Program)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Program' AS name, count
  UNION ALL
  MATCH (n:Fund)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Fund' AS name, count
  UNION ALL
  MATCH (n:Meeting)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Meeting' AS name, count
  UNION ALL
  MATCH (n:Document)
  WITH count(n) AS count
  RETURN 'label' AS kind, 'Document' AS name, count
  UNION ALL
  MATCH ()-[r:HOSTS]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'HOSTS' AS name, count
  UNION ALL
  MATCH ()-[r:PARTNERS_WITH]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'PARTNERS_WITH' AS name, count
  UNION ALL
  MATCH ()-[r:FUNDS]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'FUNDS' AS name, count
  UNION ALL
  MATCH ()-[r:SUCCEEDS]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'SUCCEEDS' AS name, count
  UNION ALL
  MATCH ()-[r:HEADS]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'HEADS' AS name, count
  UNION ALL
  MATCH ()-[r:WORKS_FOR]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'WORKS_FOR' AS name, count
  UNION ALL
  MATCH ()-[r:PARTICIPATES_IN]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'PARTICIPATES_IN' AS name, count
  UNION ALL
  MATCH ()-[r:PART_OF]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'PART_OF' AS name, count
  UNION ALL
  MATCH ()-[r:MENTIONED_IN]->()
  WITH count(r) AS count
  RETURN 'type' AS kind, 'MENTIONED_IN' AS name, count
  UNION ALL
  MATCH (n)
  WHERE NOT n:Correction
  WITH count(n) AS count
  RETURN 'total' AS kind, 'nodes' AS name, count
  UNION ALL
  MATCH ()-[r]->()
  WITH count(r) AS count
  RETURN 'total' AS kind, 'edges' AS name, count
  UNION ALL
  MATCH (d:Document)
  WITH count(d) AS count
  RETURN 'total' AS kind, 'documents' AS name, count
}
WITH kind, name, count
WHERE count > 0 OR kind = 'total'
RETURN kind, name, count
ORDER BY kind, name

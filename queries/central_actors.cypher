// name: central_actors
// title: The most connected organisations
// description: Degree centrality on the organisation graph (Ministry, Agency, Company,
//   Organization nodes and the fact relationships between two of them): an organisation's
//   number of such relationships divided by n - 1, n the number of organisations, as
//   networkx's degree_centrality computes it on the embedded store. Highest first. By the
//   schema only PARTNERS_WITH (always between organisations) and SUCCEEDS (when both ends
//   are organisations) join two organisations, so the degree is counted from those two.
// param label: str = null, one of Ministry|Agency|Company|Organization -- only organisations with this label
// param top: int = 10, 1..100 -- how many organisations
// columns: id, name, label, degree, centrality
// ordered: true
MATCH (n:Ministry|Agency|Company|Organization)
WITH count(n) AS total
MATCH (n:Ministry|Agency|Company|Organization)
WHERE $label IS NULL OR $label IN labels(n)
WITH n, total,
     COUNT { (n)-[:PARTNERS_WITH]-() } +
     COUNT { (n)-[:SUCCEEDS]-(:Ministry|Agency|Company|Organization) } AS degree
RETURN n.id AS id,
       n.name AS name,
       labels(n)[0] AS label,
       degree,
       CASE WHEN total <= 1 THEN 1.0 ELSE degree * (1.0 / (total - 1.0)) END AS centrality
ORDER BY centrality DESC, name, id
LIMIT $top

// name: path_between
// title: Shortest connections between two entities
// description: All shortest paths between two entities over fact relationships taken in either
//   direction (mentions and documents are not part of it), of at most max_hops steps: the
//   names and ids along each path, the relationship types, and each step's direction as
//   stored (out: from the earlier node on the path to the later one). Paths come ordered by
//   their ids, then relationship types, then directions.
// param a: str, name -- one end, by name or alias (KT)
// param b: str, name -- the other end, by name or alias (과학기술정보통신부)
// param max_hops: int = 4, 1..6 -- the longest path to look for
// param limit: int = 100, 1..1000 -- at most this many paths
// columns: source, source_id, target, target_id, hops, nodes, ids, relationships, directions
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($a_key, '\\', '\\\\') + '"')
YIELD node AS a
WITH a
WHERE $a_key IN a.keys
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($b_key, '\\', '\\\\') + '"')
YIELD node AS b
WITH a, b
WHERE $b_key IN b.keys AND a <> b
MATCH p = allShortestPaths(
  (a)-[:HOSTS|PARTNERS_WITH|FUNDS|SUCCEEDS|HEADS|WORKS_FOR|PARTICIPATES_IN|PART_OF*..6]-(b)
)
WITH a, b, p
WHERE length(p) <= $max_hops
WITH a, b, p,
     [x IN nodes(p) | x.id] AS ids,
     [r IN relationships(p) | type(r)] AS relationships,
     [i IN range(0, length(p) - 1) |
       CASE WHEN startNode(relationships(p)[i]) = nodes(p)[i] THEN 'out' ELSE 'in' END
     ] AS directions
WITH a, b, p, ids, relationships, directions,
     reduce(k = '', x IN ids | k + x + ' ') AS ids_key,
     reduce(k = '', x IN relationships | k + x + ' ') AS types_key,
     reduce(k = '', x IN directions | k + x + ' ') AS directions_key
RETURN a.name AS source,
       a.id AS source_id,
       b.name AS target,
       b.id AS target_id,
       length(p) AS hops,
       [x IN nodes(p) | x.name] AS nodes,
       ids,
       relationships,
       directions
ORDER BY source_id, target_id, ids_key, types_key, directions_key
LIMIT $limit

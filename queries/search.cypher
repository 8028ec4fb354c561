// name: search
// title: Find entities by name
// description: Entities whose names or aliases (Korean or English) match the text, spacing
//   and case ignored, ranked: exact name (match "name"), the name's key ("key"), an alias
//   ("alias"), a name or alias that starts with the text ("prefix"), one that contains it
//   ("substring"); then by degree (fact relationships), then by name.
// param q: str, name -- the text to look for (과기, MSIT, 스마트대한민국)
// param label: str = null, one of Ministry|Agency|Company|Organization|Minister|Person|Program|Fund|Meeting -- only entities with this label
// param limit: int = 20, 1..1000 -- at most this many rows
// columns: id, label, name, aliases, match, rank, degree
// ordered: true
MATCH (n:Ministry|Agency|Company|Organization|Minister|Person|Program|Fund|Meeting)
WHERE ($label IS NULL OR $label IN labels(n))
  AND any(k IN n.keys WHERE k CONTAINS $q_key)
WITH n,
     CASE
       WHEN n.name = $q THEN 0
       WHEN substring(n.id, size(split(n.id, ':')[0]) + 1) = $q_key THEN 1
       WHEN $q_key IN n.keys THEN 2
       WHEN any(k IN n.keys WHERE k STARTS WITH $q_key) THEN 3
       ELSE 4
     END AS rank
WITH n, rank, COUNT { (n)-[r]-() WHERE type(r) <> 'MENTIONED_IN' } AS degree
RETURN n.id AS id,
       labels(n)[0] AS label,
       n.name AS name,
       coalesce(n.aliases, []) AS aliases,
       ['name', 'key', 'alias', 'prefix', 'substring'][rank] AS match,
       rank,
       degree
ORDER BY rank, degree DESC, name, id
LIMIT $limit

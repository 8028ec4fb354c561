// name: conflicts
// title: Where the documents disagree
// description: Facts that should have one value and are given two or more, each value with
//   the documents and sentences that state it. Kinds: value (a fund's size, a funder's
//   contribution, a meeting's or a reorganisation's date stated differently), heads (two
//   people heading one body in the same role at overlapping times) and offices (one person
//   heading two ministries at overlapping times). A post's time is its valid time, else the
//   days of the documents that show it. The same amount written differently is one value.
// param kind: str = null, one of value|heads|offices -- only this kind
// param limit: int = 1000, 1..100000 -- at most this many rows
// columns: kind, subject, subject_id, type, other, other_id, property, values
// ordered: true
CALL () {
  MATCH (n)
  WHERE n.claims IS NOT NULL
  UNWIND n.claims AS c
  WITH n, split(c, '\t') AS part
  WITH n, part[0] AS key, part[1] AS value, part[2] AS doc, part[3] AS sentence
  ORDER BY doc, sentence
  WITH n, key, value, collect({doc: doc, sentence: sentence}) AS said
  ORDER BY value
  WITH n, key, collect({value: value, since: null, until: null, said: said}) AS values
  WHERE size(values) > 1
  RETURN 'value' AS kind, n.name AS subject, n.id AS subject_id, null AS type, null AS other,
         null AS other_id, key AS property, values
  UNION ALL
  MATCH (a)-[r]->(b)
  WHERE r.claims IS NOT NULL
  UNWIND r.claims AS c
  WITH a, r, b, split(c, '\t') AS part
  WITH a, r, b, part[0] AS key, part[1] AS value, part[2] AS doc, part[3] AS sentence
  ORDER BY doc, sentence
  WITH a, r, b, key, value, collect({doc: doc, sentence: sentence}) AS said
  ORDER BY value
  WITH a, r, b, key, collect({value: value, since: null, until: null, said: said}) AS values
  WHERE size(values) > 1
  RETURN 'value' AS kind, a.name AS subject, a.id AS subject_id, type(r) AS type,
         b.name AS other, b.id AS other_id, key AS property, values
  UNION ALL
  MATCH (p)-[h:HEADS]->(org)<-[k:HEADS]-(q)
  WHERE p.id < q.id AND h.role = k.role AND NOT h.role ENDS WITH '후보자'
  WITH org, h.role AS role, [[p, h], [q, k]] AS pair
  UNWIND pair AS held
  WITH org, role, pair, held[0] AS person, held[1] AS post
  WITH org, role, pair, person, post,
       coalesce(post.valid_from, CASE WHEN post.valid_to < post.first_seen THEN post.valid_to
                                      ELSE post.first_seen END) AS since,
       coalesce(post.valid_to, post.last_seen) AS until
  ORDER BY person.name, person.id
  WITH org, role, pair,
       collect({value: person.name, since: since, until: until,
                said: [i IN range(0, size(coalesce(post.evidence, [])) - 1) |
                       {doc: post.evidence_docs[i], sentence: post.evidence[i]}]}) AS values
  WHERE values[0].since <= values[1].until AND values[1].since <= values[0].until
  RETURN 'heads' AS kind, org.name AS subject, org.id AS subject_id, 'HEADS' AS type,
         null AS other, null AS other_id, role AS property, values
  UNION ALL
  MATCH (m1:Ministry)<-[h:HEADS]-(person)-[k:HEADS]->(m2:Ministry)
  WHERE m1.id < m2.id AND h.role = '장관' AND k.role = '장관'
  WITH person, [[m1, h], [m2, k]] AS pair
  UNWIND pair AS held
  WITH person, held[0] AS ministry, held[1] AS post
  WITH person, ministry, post,
       coalesce(post.valid_from, CASE WHEN post.valid_to < post.first_seen THEN post.valid_to
                                      ELSE post.first_seen END) AS since,
       coalesce(post.valid_to, post.last_seen) AS until
  ORDER BY ministry.name, ministry.id
  WITH person, collect(ministry.id) AS ids,
       collect({value: ministry.name, since: since, until: until,
                said: [i IN range(0, size(coalesce(post.evidence, [])) - 1) |
                       {doc: post.evidence_docs[i], sentence: post.evidence[i]}]}) AS values
  WHERE values[0].since <= values[1].until AND values[1].since <= values[0].until
  RETURN 'offices' AS kind, person.name AS subject, person.id AS subject_id, 'HEADS' AS type,
         null AS other, null AS other_id, '장관' AS property, values
}
WITH kind, subject, subject_id, type, other, other_id, property, values
WHERE $kind IS NULL OR kind = $kind
RETURN kind, subject, subject_id, type, other, other_id, property, values
ORDER BY kind, subject_id, type, other_id, property, [v IN values | v.value]
LIMIT $limit

// name: hosts_of
// title: Who hosts a programme
// description: The organisations that host (run) a programme, fund or meeting, with the stated
//   date and the documents that say so. "Who hosts 비대면 서비스 바우처?"
// param program: str, name -- the programme, fund or meeting, by name or alias
// columns: program, program_id, host, host_id, label, date, first_seen, last_seen, documents
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($program_key, '\\', '\\\\') + '"')
YIELD node AS program
WITH program
WHERE $program_key IN program.keys AND program:Program|Fund|Meeting
MATCH (host)-[h:HOSTS]->(program)
RETURN program.name AS program,
       program.id AS program_id,
       host.name AS host,
       host.id AS host_id,
       labels(host)[0] AS label,
       h.date AS date,
       h.first_seen AS first_seen,
       h.last_seen AS last_seen,
       coalesce(h.sources, []) AS documents
ORDER BY host, host_id, program, program_id

// name: participants_of
// title: Who takes part in a programme
// description: The organisations that take part in a programme, meeting or fund, with their
//   role and the documents that say so.
// param program: str, name -- the programme, meeting or fund, by name or alias
// param limit: int = 100, 1..1000 -- at most this many rows
// columns: program, program_id, participant, participant_id, label, role, first_seen,
//   last_seen, documents
// ordered: true
CALL db.index.fulltext.queryNodes('entity_keys', '"' + replace($program_key, '\\', '\\\\') + '"')
YIELD node AS program
WITH program
WHERE $program_key IN program.keys AND program:Program|Meeting|Fund
MATCH (participant)-[r:PARTICIPATES_IN]->(program)
RETURN program.name AS program,
       program.id AS program_id,
       participant.name AS participant,
       participant.id AS participant_id,
       labels(participant)[0] AS label,
       r.role AS role,
       r.first_seen AS first_seen,
       r.last_seen AS last_seen,
       coalesce(r.sources, []) AS documents
ORDER BY participant, participant_id, program, program_id
LIMIT $limit

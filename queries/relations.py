"""Faces of the queries about who funds, hosts, partners with and heads what.

Each lists the nodes joined to the named ones by one relationship type, in the
statement's ORDER BY (the other end's name and id, then the named node's), from
the cached sorted lists of `queries.rows.linked`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

from graph.validity import entity_exists_on, exists, fact_start, holds
from queries.index import EmbeddedIndex
from queries.rows import (
    FUNDABLE,
    ORGS,
    PROGRAMMES,
    SYMMETRIC,
    Params,
    Row,
    evidence_of,
    joined,
    label_of,
    linked,
    name_of,
    order,
)

Joined = tuple[str, str, str, str, dict[str, Any]]


def cofunded_programs(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    rows = []
    companies = index.resolve(p["company_key"], ORGS)
    for target, tid, company, cid, funding in joined(index, companies, "FUNDS", "out"):
        amounts = [
            {"funder": name, "funder_id": fid, "amount_krw": record.get("amount_krw")}
            for name, fid, record in linked(index, tid, "FUNDS", "in")
        ]
        co_funders = [a["funder"] for a in amounts if a["funder_id"] != cid]
        if funding.get("co_funded") is not True and not co_funders:
            continue
        rows.append(
            {
                "company": company,
                "company_id": cid,
                "target": target,
                "target_id": tid,
                "label": label_of(g, tid),
                "amount_krw": funding.get("amount_krw"),
                "target_amount_krw": g.nodes[tid].get("amount_krw"),
                "co_funders": co_funders,
                "amounts": amounts,
                "evidence": evidence_of(funding),
            }
        )
    return rows


def _on_day(index: EmbeddedIndex, rows: Iterator[Joined], day: str | None) -> Iterator[Joined]:
    """The joined rows whose relationship held on ``day``, between entities that existed."""
    if day is None:
        return rows
    g = index.graph
    return (
        row
        for row in rows
        if holds(row[4], day) and exists(g.nodes[row[1]], day) and exists(g.nodes[row[3]], day)
    )


def _seen(data: dict[str, Any]) -> Row:
    return {
        "first_seen": data.get("first_seen"),
        "last_seen": data.get("last_seen"),
        "documents": list(data.get("sources", [])),
    }


def _dated(data: dict[str, Any]) -> Row:
    return {"date": data.get("date")} | _seen(data)


def hosted_by(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    orgs = index.resolve(p["org_key"], ORGS)
    return [
        {
            "org": org,
            "org_id": oid,
            "target": target,
            "target_id": tid,
            "label": label_of(g, tid),
        }
        | _dated(record)
        for target, tid, org, oid, record in islice(
            _on_day(index, joined(index, orgs, "HOSTS", "out"), p["as_of"]), p["limit"]
        )
    ]


def hosts_of(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    programs = index.resolve(p["program_key"], PROGRAMMES)
    return [
        {
            "program": program,
            "program_id": pid,
            "host": host,
            "host_id": hid,
            "label": label_of(g, hid),
        }
        | _dated(record)
        for host, hid, program, pid, record in joined(index, programs, "HOSTS", "in")
    ]


def funders_of(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    targets = index.resolve(p["target_key"], FUNDABLE)
    return [
        {
            "target": target,
            "target_id": tid,
            "funder": funder,
            "funder_id": fid,
            "label": label_of(g, fid),
            "amount_krw": record.get("amount_krw"),
            "co_funded": record.get("co_funded"),
            "period": record.get("period"),
            "evidence": evidence_of(record),
        }
        for funder, fid, target, tid, record in islice(
            _on_day(index, joined(index, targets, "FUNDS", "in"), p["as_of"]), p["limit"]
        )
    ]


def funding_by(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    orgs = index.resolve(p["org_key"], ORGS)
    totals = {}
    for oid in orgs:
        funded = linked(index, oid, "FUNDS", "out")
        # Cypher's sum() skips nulls and is 0 over nothing.
        amounts = [r["amount_krw"] for _, _, r in funded if r.get("amount_krw") is not None]
        totals[oid] = (sum(amounts), len(funded), len(funded) - len(amounts))
    return [
        {
            "org": org,
            "org_id": oid,
            "target": target,
            "target_id": tid,
            "label": label_of(g, tid),
            "amount_krw": record.get("amount_krw"),
            "target_amount_krw": g.nodes[tid].get("amount_krw"),
            "co_funded": record.get("co_funded"),
            "period": record.get("period"),
            "total_krw": totals[oid][0],
            "funded": totals[oid][1],
            "unstated": totals[oid][2],
        }
        for target, tid, org, oid, record in islice(joined(index, orgs, "FUNDS", "out"), p["limit"])
    ]


def partners_of(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    entities = index.resolve(p["entity_key"], ORGS)
    return [
        {
            "entity": entity,
            "entity_id": eid,
            "partner": partner,
            "partner_id": pid,
            "label": label_of(g, pid),
            "date": record.get("date"),
            "agreement": record.get("agreement"),
        }
        | _seen(record)
        for partner, pid, entity, eid, record in islice(
            _on_day(index, joined(index, entities, SYMMETRIC, "both"), p["as_of"]), p["limit"]
        )
    ]


def participants_of(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    programs = index.resolve(p["program_key"], PROGRAMMES)
    return [
        {
            "program": program,
            "program_id": pid,
            "participant": participant,
            "participant_id": uid,
            "label": label_of(g, uid),
            "role": record.get("role"),
        }
        | _seen(record)
        for participant, uid, program, pid, record in islice(
            joined(index, programs, "PARTICIPATES_IN", "in"), p["limit"]
        )
    ]


def office_holders(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    rows = []
    day = p["as_of"]
    for oid in index.resolve(p["org_key"], ORGS):
        if not exists(g.nodes[oid], day):
            continue
        holders = {pid for _, pid, _ in linked(index, oid, "HEADS", "in")}
        for person, pid, held in linked(index, oid, "HEADS", "in"):
            if not holds(held, day):
                continue
            earlier = linked(index, pid, "SUCCEEDS", "out")
            later = linked(index, pid, "SUCCEEDS", "in")
            rows.append(
                {
                    "org": name_of(g, oid),
                    "org_id": oid,
                    "person": person,
                    "person_id": pid,
                    "label": label_of(g, pid),
                    "role": held.get("role"),
                    "as_of": held.get("as_of"),
                    "first_seen": held.get("first_seen"),
                    "last_seen": held.get("last_seen"),
                    # The chain within this office: successions among its holders.
                    "succeeds": [name for name, e, _ in earlier if e in holders],
                    "succeeded_by": [name for name, x, _ in later if x in holders],
                }
            )

    def since(row: Row) -> Any:
        return row["as_of"] if row["as_of"] is not None else row["first_seen"]

    return order(rows, (since, False), "person", "person_id", "org", "org_id")


def held_office(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    day, role = p["date"], p["role"]
    rows = []
    for oid in index.resolve(p["org_key"], ORGS):
        if not entity_exists_on(g.nodes[oid], day):
            continue
        posts = [
            (person, pid, held, fact_start(held))
            for person, pid, held in linked(index, oid, "HEADS", "in")
        ]
        for person, pid, held, since in posts:
            if (role is not None and held.get("role") != role) or since is None or since > day:
                continue
            later = [
                (start, name, other)
                for name, other, record, start in posts
                if other != pid
                and record.get("role") == held.get("role")
                and start is not None
                and start > since
            ]
            after = min(later, default=None)
            until, inferred = held.get("valid_to"), False
            if until is not None:
                holding = day <= until
            elif after is not None:
                until, inferred = after[0], True
                holding = day < until
            else:
                holding = held.get("valid_from") is not None or day <= held.get("last_seen", "")
            if not holding:
                continue
            reason = None
            if inferred and after is not None:
                reason = f"the next known {held.get('role')}, {after[1]}, took the post on {until}"
            rows.append(
                {
                    "org": name_of(g, oid),
                    "org_id": oid,
                    "role": held.get("role"),
                    "person": person,
                    "person_id": pid,
                    "label": label_of(g, pid),
                    "since": since,
                    "until": until,
                    "until_inferred": inferred,
                    "basis": held.get("valid_source", "seen"),
                    "reason": reason,
                    "documents": list(held.get("sources", [])),
                    "evidence": evidence_of(held),
                }
            )
    return order(rows, "role", "since", "person", "person_id", "org", "org_id")

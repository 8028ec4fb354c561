"""The rules layer: every rule's own examples, rule ids on every fact, switching rules off."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError
from loaders.extract import extract_article
from loaders.reading import iter_articles, read_text_article
from loaders.rule_examples import example_problems
from loaders.rules import default_rules, load_rules

RULES = default_rules()
SEEDS = Path(__file__).parents[1] / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "articles"


@pytest.mark.parametrize(
    ("rule_id", "n"),
    [(rule.id, n) for rule in RULES for n in range(len(rule.examples))],
)
def test_every_rule_makes_what_its_examples_say(rule_id: str, n: int) -> None:
    rule = RULES.get(rule_id)
    assert example_problems(rule, rule.examples[n]) == []


def test_every_fact_names_a_known_rule() -> None:
    known = {rule.id for rule in RULES}
    articles = list(iter_articles([SEEDS, FIXTURES]))
    assert len(articles) > 20
    for article in articles:
        facts = extract_article(article)
        for item in [*facts.nodes, *facts.edges]:
            assert item.rules, item
            assert set(item.rules) <= known, item


def test_a_rule_switched_off_makes_nothing() -> None:
    text = "과학기술정보통신부는 네이버, 카카오와 'AI 안전 협력' 업무협약을 체결했다."
    article = read_text_article(text, doc_id="off")
    on = extract_article(article)
    off = extract_article(article, rules=RULES.without("partners.agreement"))
    assert any(e.type == "PARTNERS_WITH" for e in on.edges)
    assert not any(e.type == "PARTNERS_WITH" for e in off.edges)
    assert {n.id for n in off.nodes} <= {n.id for n in on.nodes}


def test_a_switched_off_rule_fails_its_examples() -> None:
    # The examples prove something: without its rule, an example's facts go missing.
    rule = RULES.get("hosts.subject_verb")
    problems = example_problems(rule, rule.examples[0], RULES.without(rule.id))
    assert problems and problems[0].startswith("missing")


def test_unknown_rule_ids_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="unknown rule"):
        RULES.without("hosts.no_such_rule")
    with pytest.raises(ValueError, match="no extraction rule"):
        RULES.get("hosts.no_such_rule")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[rule]]\nid = "Bad Id"\n', "needs an id"),
        ('[[rule]]\nid = "a.b"\nmakes = ["NOPE"]\nconfidence = 0.5\n', "makes"),
        ('[[rule]]\nid = "a.b"\nmakes = ["HOSTS"]\nconfidence = 2.0\n', "confidence"),
        ('[[rule]]\nid = "a.b"\nmakes = ["HOSTS"]\nconfidence = 0.5\n', "at least one example"),
        (
            '[[rule]]\nid = "a.b"\nmakes = ["HOSTS"]\nconfidence = 0.5\n'
            '[[rule.example]]\ntext = "x"\nfacts = ["HOSTS a b"]\n',
            "cannot read the fact",
        ),
        ("not toml [", "cannot read the rules file"),
    ],
)
def test_a_broken_rules_file_is_refused_with_a_reason(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_rules(path)


def test_rule_confidence_comes_from_the_record() -> None:
    text = "과학기술정보통신부는 네이버, 카카오와 'AI 안전 협력' 업무협약을 체결했다."
    facts = extract_article(read_text_article(text, doc_id="c"))
    edge = next(e for e in facts.edges if e.type == "PARTNERS_WITH")
    assert edge.rules == ["partners.agreement"]
    assert edge.confidence == RULES.confidence("partners.agreement")


def test_explain_shows_each_sentence_with_its_mentions_facts_and_refusals(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app
    from loaders.explain import explain
    from loaders.extract import trace_article

    text = (
        "과학기술정보통신부는 네이버, 카카오와 'AI 안전 협력' 업무협약을 체결했다.\n\n"
        "정부는 '스마트 안전 펀드'의 일환으로 '안전 기술 실증 사업'을 추진한다."
    )
    report = explain(trace_article(read_text_article(text, doc_id="why")))
    first = report["sentences"][0]
    assert {m["node"] for m in first["mentions"]} >= {"과학기술정보통신부", "네이버", "카카오"}
    pair = next(
        f for f in first["facts"] if (f["source"], f["target"]) == ("네이버", "과학기술정보통신부")
    )
    assert (pair["type"], pair["rules"]) == ("PARTNERS_WITH", ["partners.agreement"])
    # A fund cannot be PART_OF a programme: the rule's proposal is shown as refused.
    refused = [r for s in report["sentences"] for r in s["rejected"]]
    assert {r["rule"] for r in refused} == {"lineage.stated"}
    assert "PART_OF cannot join Program to Fund" in refused[0]["reason"]

    article = tmp_path / "why.txt"
    article.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["explain", str(article)])
    assert result.exit_code == 0, result.output
    assert "[partners.agreement]" in result.output and "refused PART_OF" in result.output

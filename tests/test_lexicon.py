"""The word lists as data: the file is valid, names real rules, and a broken file is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.errors import InputError
from loaders.lexicon import alternation, default_lexicons, load_lexicons, pattern, words
from loaders.rules import default_rules


def test_every_list_names_rules_that_exist() -> None:
    known = {rule.id for rule in default_rules()}
    lexicons = default_lexicons()
    assert len(lexicons) >= 20
    for lexicon in lexicons.values():
        assert lexicon.used_by, lexicon.id
        assert set(lexicon.used_by) <= known, lexicon.id


def test_head_and_staff_roles_do_not_overlap() -> None:
    # A role either heads its body (HEADS) or does not (WORKS_FOR), never both.
    assert not set(words("roles.head")) & set(words("roles.staff"))


def test_a_space_in_a_word_matches_an_optional_space() -> None:
    agreement = pattern("verbs.agreement")
    assert agreement.search("두 회사가 손을 잡았다")
    assert agreement.search("두 회사가 손을잡았다")
    assert not agreement.search("두 회사가 만났다")


def test_alternation_tries_longer_words_first() -> None:
    # 장관 후보자 must win over 장관, or the nominee reads as a minister.
    first = re.match(alternation("roles.head"), "장관 후보자")
    assert first is not None and first.group() == "장관 후보자"


def test_unknown_list_is_an_error() -> None:
    with pytest.raises(ValueError, match="no word list"):
        words("roles.no_such_list")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[[lexicon]]\nid = 'roles.x'\ndescription = 'd'\nwords = ['a', 'a']\n", "listed twice"),
        ("[[lexicon]]\nid = 'roles.x'\ndescription = 'd'\nwords = []\n", "no words"),
        ("[[lexicon]]\nid = 'roles.x'\ndescription = ''\nwords = ['a']\n", "description"),
        ("[[lexicon]]\nid = 'Roles'\ndescription = 'd'\nwords = ['a']\n", "group.name"),
        ("[[lexicon]]\nid = 'roles.x'\ndescription = 'd'\nwords = [' a']\n", "space"),
        (
            "[[lexicon]]\nid = 'roles.x'\ndescription = 'd'\nwords = ['a']\nwhat = 1\n",
            "unknown key",
        ),
        ("[[lexicon]]\nid = 'roles.x'\ndescription = 'd'\nwords = [3]\n", "non-empty strings"),
        (
            "[[lexicon]]\nid = 'roles.x'\ndescription = 'd'\nwords = ['a']\n" * 2,
            "appears twice",
        ),
        ("words = ['a']\n", "[[lexicon]] records only"),
        ("[[lexicon]\n", "lexicon.toml"),
    ],
)
def test_a_broken_file_is_refused_with_its_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(reason)):
        load_lexicons(path)

"""Local governments written as places: an address is where something is, not who acts.

News gives a place as a chain of divisions, largest first (경기 수원시 영통구에 위치한,
서울 강남구 삼성동 코엑스에서, 대구시 수성구 소재). A city, province or district that
opens such a chain, or ends one before 소재/에 위치, is a place; the same body written
as the subject of a sentence (유성구는, 강남구청과) is an actor.
"""

from __future__ import annotations

import re

from loaders.gazetteer import Entry
from loaders.lexicon import alternation

_LOCAL_NAME = re.compile(rf"(?:{alternation('places.local_government_endings')})\Z")
# A lower division (시, 구, 군, 동, 읍, 면, 로, 길) written right after the body.
_LOWER_DIVISION = re.compile(r"\s?[가-힣0-9]{1,6}(?:시|구|군|동|읍|면|로|길)(?=[\s에,·]|\d|$)")
_ADDRESS_WORD = re.compile(rf"\s?(?:{alternation('places.address_words')})")
# What may follow a district that acts: a particle, a bracket, a list mark, its office.
_DISTRICT_ACTS = re.compile(r"[은는이가와과도의를을(,·]|청|\s?구청장|$")


def is_local_government(entry: Entry) -> bool:
    return entry.label == "Agency" and _LOCAL_NAME.search(entry.name) is not None


# 청와대 영빈관에서, 정부서울청사 별관에서: a building of a body is where a meeting is.
_VENUE_OF = re.compile(rf"\s?(?:{alternation('places.venue_words')})\s?에서")


def in_address(text: str, start: int, end: int, entry: Entry) -> bool:
    """Whether the body ``entry`` mentioned at ``start:end`` names a place: a building of
    it where something happens, or a local government written as an address."""
    if _VENUE_OF.match(text, end):
        return True
    if not is_local_government(entry) or text.endswith("청", start, end):
        return False  # 유성구청, 강남구청장: the office acts
    if _LOWER_DIVISION.match(text, end) or _ADDRESS_WORD.match(text, end):
        return True
    # A district (구) is written bare as an address far more often than as an actor.
    return entry.name.endswith("구") and _DISTRICT_ACTS.match(text, end) is None

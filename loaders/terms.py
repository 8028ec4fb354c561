"""When a post is held: the valid time of a HEADS or WORKS_FOR fact.

The reference data (`graph.reference`) dates the terms of presidents and ministers;
where it knows the person in the office, its days are the fact's valid time
(``valid_source = "reference"``). Elsewhere the text may say it: a person who takes up
the post (취임, 임명됐다) starts on the day the clause gives, or the article's day; one
who leaves it (퇴임, 이임, 물러났다) ends then (``valid_source = "text"``; the fact's
evidence is the sentence). A nominee (장관 후보자) holds that status from the article
until the day the reference data says they took office.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.reference import office_holders
from loaders.clauses import SentenceView
from loaders.dates import find_dates
from loaders.lexicon import pattern, words
from loaders.mentions import Mention

NOMINEE_SUFFIX = "후보자"


@dataclass(frozen=True, slots=True)
class ValidTime:
    valid_from: str | None = None
    valid_to: str | None = None
    valid_source: str | None = None  # "reference" | "text"

    def props(self) -> dict[str, str | None]:
        return {
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "valid_source": self.valid_source,
        }


def valid_time(
    text: str,
    view: SentenceView,
    mention: Mention,
    office: str,
    role: str,
    person: str,
    published: str | None,
) -> ValidTime:
    """The valid time of ``person``'s post ``role`` in ``office``, as far as it is known."""
    holders = office_holders()
    term = holders.term_of(office, role, person, published)
    if term is not None:
        return ValidTime(term.start, term.end, "reference")
    if role.endswith(NOMINEE_SUFFIX):
        # Nominated by the article's day; a nominee until the day of taking office.
        post = role.removesuffix(NOMINEE_SUFFIX).strip()
        later = [t for t in holders.terms(office, post) if t.person == person]
        later = [t for t in later if published is None or t.start >= published]
        if later:
            return ValidTime(published, later[0].start, "reference")
        return ValidTime(published, None, "text") if published else ValidTime()
    start = _stated_day(text, view, mention, "verbs.term_start", published)
    end = _stated_day(text, view, mention, "verbs.term_end", published)
    if start is None and end is None:
        return ValidTime()
    return ValidTime(start, end, "text")


def _stated_day(
    text: str, view: SentenceView, mention: Mention, lexicon: str, published: str | None
) -> str | None:
    """The day of a cue of ``lexicon`` said of this person: the first cue after the
    mention, before the next person's; its day is the last full date between the two,
    else the article's."""
    sentence = view.sentence
    before = [m.end for m, _ in view.people if m.start < mention.start]
    following = [m.start for m, _ in view.people if m.start > mention.start]
    stop = min(following, default=sentence.end)
    cues = pattern(lexicon).finditer(text, mention.end, stop)
    cue = next((c for c in cues if not _looks_back(text, c.end())), None)
    if cue is None:
        return None
    since = max(before, default=sentence.start)
    days = [d.value for d in find_dates(text[since : cue.start()], published)]
    days = [d for d in days if len(d) == 10]
    return days[-1] if days else published


def _looks_back(text: str, end: int) -> bool:
    """The cue dates something else (취임 이후, 취임 1주년, 퇴임 후): not the event itself."""
    rest = text[end : end + 12].lstrip(" 0123456789")
    return rest.startswith(words("verbs.term_since"))

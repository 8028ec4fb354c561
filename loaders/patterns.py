"""Named regex fragments the sentence rules share, so each is written (and fixed) once."""

from __future__ import annotations

# The closing quote a name may stand in: '디지털 뉴딜', “K-디지털”, 「데이터 3법」.
CLOSE_QUOTE = r"['’`\"”」』]?"
# A short remark in brackets after a name: 한국지능정보사회진흥원(NIA), 중기부(장관 …).
NOTE = r"(?:\([^)]{0,30}\))?"
# What joins the members of a list of names: 과기정통부, 중기부·행안부와 KT 및 네이버.
# △A △B: bullets join a list too; SK텔레콤-KT-LG유플러스: a headline's hyphens, between names.
JOINER = r"(?:,|[·ㆍ‧]|와|과|및|[△▲]|(?<=\S)-(?=\S))"
# 모바일 공무원증 제도: the scheme word after a name that was cut before it.
SCHEME_TAIL = r"\s제도"
# The particles of a clause's subject (and of a place that stands as one: 정부에서는).
SUBJECT_PARTICLE = r"(?:은|는|이|가|에서는|에서|도)"

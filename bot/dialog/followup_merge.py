"""Fold a follow-up answer into its topic's answer, keeping what the follow-up asked about.

"集体学习一共组织了多少次？" answered "全年12次" becomes "全年集体学习12次", appended to
the topic's answer, so that extraction sees one statement with its label instead of a
bare "全年12次".
"""

from __future__ import annotations

import re

from bot.dialog.fact_edit import overlap

# where the subject of a "how many" question ends
_SUBJECT_END = re.compile(
    r"(一共|总共|大约|大概|累计|共|各|分别|有多少|多少|几|"
    r"开展了|组织了|召开了|举办了|开了|讲了|谈了|发展了|参加了|是否|有没有)"
)
_MENTION = re.compile(r"^(?:你|您)?(?:提到|说到|说)(?:了)?")
_LEADING_VERB = re.compile(
    r"^(?:有没有|是否)?(?:组织了|开展了|召开了|举办了|讲了|谈了|开了|组织|开展|召开|举办)?"
)
_SHORT_VERB = re.compile(r"^[^\d]{1,2}了(?=\d)")  # "谈了30人次": the verb the label replaces
_COUNT_WORD = re.compile(r"(?:多少|几)(?:人次|次|名|个|人|场|项|期|篇)?")
_TIME_PREFIX = re.compile(
    r"^(?:全年|今年|本年度|年内|上半年|下半年|一年来|半年来|\d{4}年(?:度|上半年|下半年)?)"
)
_DIGIT = re.compile(r"\d")
_END = "。；;，,！!？? "


def subject(question: str) -> str:
    """What a follow-up asks about: "集体学习一共组织了多少次？" → "集体学习"."""
    clauses = [c for c in re.split(r"[，,；;？?。！!]", question) if c.strip()]
    counted = [i for i, c in enumerate(clauses) if _COUNT_WORD.search(c)]
    if not counted:
        return ""
    for clause in reversed(clauses[: counted[-1] + 1]):
        text = _MENTION.sub("", clause.strip())
        text = _LEADING_VERB.sub("", _TIME_PREFIX.sub("", text))
        m = _SUBJECT_END.search(text)
        head = (text[: m.start()] if m else text).strip("的 ")
        if len(head) >= 2:
            return head
        # "开展了几次廉政教育或警示教育？": the subject follows the count word
        cm = _COUNT_WORD.search(text)
        tail = re.split(r"[、和及]|多少|几", text[cm.end() :])[0].strip("的 ") if cm else ""
        if len(tail) >= 2:
            return tail
    return ""


def labelled(question: str, answer: str) -> str:
    """The follow-up answer with the question's subject put in front of its figure."""
    text = answer.strip().rstrip(_END)
    what = subject(question)
    if not what or not _DIGIT.search(text) or overlap(what, text) >= min(len(what), 2):
        return text
    m = _TIME_PREFIX.match(text)
    head = m.group(0) if m else ""
    rest = _SHORT_VERB.sub("", text[len(head) :])
    return f"{head}{what}{rest}"


def merge(topic_answer: str, question: str, answer: str) -> str:
    """The topic's answer with the follow-up answer folded in as one sentence."""
    extra = labelled(question, answer)
    base = topic_answer.strip()
    if not base:
        return extra
    if not extra:
        return base
    ended = base[-1] in "。！!"
    return f"{base.rstrip(_END)}，{extra}{'。' if ended else ''}"

"""Chinese word tokens for retrieval: jieba words without punctuation or stop words."""

from __future__ import annotations

import logging
import re

import jieba

_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# Very common function words and report filler that say nothing about a topic.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "在",
        "是",
        "等",
        "为",
        "对",
        "把",
        "将",
        "以",
        "于",
        "从",
        "中",
        "上",
        "下",
        "也",
        "都",
        "并",
        "而",
        "或",
        "其",
        "这",
        "那",
        "有",
        "各",
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "个",
        "进一步",
        "坚持",
        "加强",
        "工作",
        "开展",
        "积极",
        "认真",
        "不断",
        "全面",
        "深入",
        "切实",
        "扎实",
        "推动",
        "推进",
        "持续",
        "强化",
        "提升",
        "我们",
        "本人",
        "支部",
    ]
)


class WordTokenizer:
    """A jieba tokenizer of its own (no shared global state), built once and reused."""

    def __init__(self) -> None:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()

    def tokens(self, text: str) -> list[str]:
        words = self._jieba.lcut(text)
        return [w for w in words if _WORDY.search(w) and not w.isdigit() and w not in STOP_WORDS]

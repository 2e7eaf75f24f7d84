"""Telegram's HTML parse mode, as the fake Bot API checks it (tags, entities, balance)."""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre"}
    | {"blockquote", "tg-spoiler", "span"}
)
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class EntityError(ValueError):
    """The text would make Telegram answer "can't parse entities"."""


def parse_html(text: str) -> str:
    """Validate Telegram HTML like Telegram does; return the visible text."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        offset = len(text[:i].encode())
        if ch == "<":
            m = _TAG.match(text, i)
            if m is None:
                raise EntityError(f'unsupported start tag "" at byte offset {offset}')
            closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
            if name not in ALLOWED_TAGS:
                raise EntityError(f'unsupported start tag "{name}" at byte offset {offset}')
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityError(f"unmatched end tag at byte offset {offset}")
                stack.pop()
            else:
                if name == "span" and "tg-spoiler" not in attrs:
                    raise EntityError(f'unsupported start tag "span" at byte offset {offset}')
                stack.append(name)
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(text, i)
            if m is None:
                raise EntityError(f"unsupported HTML entity at byte offset {offset}")
            out.append(html.unescape(m.group(0)))
            i = m.end()
        elif ch == ">":
            raise EntityError(f'unexpected ">" at byte offset {offset}')
        else:
            out.append(ch)
            i += 1
    if stack:
        raise EntityError(f'can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2

"""Plain text → Telegram HTML pieces: escaped, each within the message limit."""

from __future__ import annotations

import html

TELEGRAM_LIMIT = 4096
CAPTION_LIMIT = 1024


def escape(text: str) -> str:
    """Escape `<`, `>` and `&` the way Telegram's HTML mode requires."""
    return html.escape(text, quote=False)


def split_plain(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Escaped chunks of `text`, split at line ends where possible, each ≤ `limit`
    characters of HTML (so the visible text fits too). Nothing is dropped."""
    chunks: list[str] = []
    current = ""
    for line in _fitting_lines(text, limit):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        chunks.append(current)
        current = line
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _fitting_lines(text: str, limit: int) -> list[str]:
    """Escaped lines; a line too long on its own is cut into pieces that fit."""
    out: list[str] = []
    for raw in text.split("\n"):
        escaped = escape(raw)
        while len(escaped) > limit:
            cut = limit
            while len(escape(raw[:cut])) > limit:
                cut -= 1
            out.append(escape(raw[:cut]))
            raw = raw[cut:]
            escaped = escape(raw)
        out.append(escaped)
    return out


def tail(text: str, budget: int) -> str:
    """The last `budget` characters of `text`, starting at a line break when one is near."""
    if len(text) <= budget:
        return text
    cut = text[-budget:]
    newline = cut.find("\n")
    if 0 <= newline < budget // 4:
        cut = cut[newline + 1 :]
    return "…" + cut[1:] if cut else cut

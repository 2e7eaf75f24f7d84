"""A .docx as plain text: body paragraphs in document order."""

from __future__ import annotations

import io

from docx import Document

from bot.errors import UnusableInputError


def docx_to_text(data: bytes) -> str:
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for corrupt parts
        raise UnusableInputError("这个 .docx 文件已损坏，无法打开。请重新保存后再上传。") from exc
    lines = [p.text for p in document.paragraphs]
    text = "\n".join(lines)
    if not text.strip():
        raise UnusableInputError("这个 Word 文档里没有文字。")
    return text

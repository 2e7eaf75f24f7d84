"""Whatever file a user hands us: text comes out, or a clear Chinese message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from bot.errors import UnusableInputError
from bot.export.read import read_document, read_document_bytes

TEXT = "一、履职情况\n（一）强化政治建设。全年组织集体学习12次。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_in_common_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "稿子.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_document(path) == TEXT


def test_windows_newlines_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    assert read_document(path) == TEXT


def test_docx_paragraphs_in_order() -> None:
    document = Document()
    for line in TEXT.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_document_bytes(buffer.getvalue(), "稿子.docx").strip() == TEXT.strip()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "empty.txt", "空的"),
        (b"   \n\n", "blank.txt", "空的"),
        (bytes(range(256)) * 20, "photo.txt", "不是文本"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", ".doc"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "损坏"),
        (b"just text", "fake.docx", "损坏"),
    ],
)
def test_unusable_input_gets_a_chinese_message(data: bytes, name: str, expected: str) -> None:
    with pytest.raises(UnusableInputError) as info:
        read_document_bytes(data, name)
    assert expected in info.value.message


def test_zip_that_is_not_word_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(UnusableInputError, match="不是 Word"):
        read_document_bytes(buffer.getvalue(), "x.docx")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnusableInputError, match="找不到文件"):
        read_document(tmp_path / "nope.txt")

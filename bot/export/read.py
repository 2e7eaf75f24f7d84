"""Read a user's document (.txt in any common Chinese encoding, or .docx) as plain text.

Text comes back with "\\n" newlines and one paragraph per line. Unusable input raises
`UnusableInputError` with a Chinese message; nothing here raises anything else for bad
bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from charset_normalizer import from_bytes

from bot.errors import UnusableInputError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc / .xls / .ppt
ZIP_MAGIC = b"PK\x03\x04"
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024  # zip-bomb guard
MAX_TEXT_BYTES = 20 * 1024 * 1024


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; refuse binary."""
    if not data.strip():
        raise UnusableInputError("文件是空的，请检查后重新上传。")
    if len(data) > MAX_TEXT_BYTES:
        raise UnusableInputError("文件太大（超过 20 MB），请拆分后再上传。")
    if data.startswith(OLE_MAGIC):
        raise UnusableInputError(
            "这是旧版 Word（.doc）或其他 Office 二进制文件，暂不支持。请在 Word 中“另存为” .docx 后再上传。"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        if b"\x00" in data[:4096]:
            raise UnusableInputError("这个文件不是文本文件，无法读取。请上传 .txt 或 .docx 文件。")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if _looks_binary(text):
        raise UnusableInputError("这个文件不是文本文件，无法读取。请上传 .txt 或 .docx 文件。")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnusableInputError("文件是空的，请检查后重新上传。")
    return text


def _decode_legacy(data: bytes) -> str:
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnusableInputError(
            "无法识别文件的文字编码。请另存为 UTF-8 编码的 .txt 或 .docx 后再上传。"
        )
    return str(best)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(sample) > 0.02 or "\ufffd" * 8 in sample


def read_docx_bytes(data: bytes) -> str:
    """Paragraphs of a .docx in document order (tables and numbering: see docx_reader)."""
    from bot.export.docx_reader import docx_to_text

    _check_zip(data)
    return docx_to_text(data)


def _check_zip(data: bytes) -> None:
    if not data.startswith(ZIP_MAGIC):
        raise UnusableInputError("这个 .docx 文件已损坏或不是 Word 文档，请重新保存后再上传。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise UnusableInputError("这个 .docx 文件已损坏，无法打开。请重新保存后再上传。") from exc
    if "word/document.xml" not in names:
        raise UnusableInputError("这个文件不是 Word 文档（.docx），无法读取。")
    if total > MAX_DOCX_UNCOMPRESSED:
        raise UnusableInputError("这个 .docx 文件解压后过大，可能已损坏，已拒绝读取。")


def read_document_bytes(data: bytes, filename: str) -> str:
    """Dispatch on content first (a zip is a .docx whatever its name), then on the name."""
    if Path(filename).suffix.lower() == ".docx" or data.startswith(ZIP_MAGIC):
        return read_docx_bytes(data)
    return decode_text(data)


def read_document(path: Path) -> str:
    """Read a .txt or .docx file from disk."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnusableInputError(f"找不到文件：{path}") from exc
    except IsADirectoryError as exc:
        raise UnusableInputError(f"这是一个文件夹，不是文件：{path}") from exc
    except OSError as exc:
        raise UnusableInputError(f"无法读取文件：{path}") from exc
    return read_document_bytes(data, path.name)

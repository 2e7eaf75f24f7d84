"""Convert a .docx to PDF through LibreOffice (`soffice --headless --convert-to pdf`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bot.errors import UserFacingError

SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180


class PdfUnavailableError(UserFacingError):
    """LibreOffice is not installed, so no PDF can be made here."""


class PdfConversionError(UserFacingError):
    """LibreOffice ran but produced no PDF."""


def find_soffice() -> str | None:
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(docx_path: Path, out_dir: Path, soffice: str | None = None) -> Path:
    """Write `<stem>.pdf` next to the other outputs in `out_dir` and return its path."""
    binary = soffice or find_soffice()
    if binary is None:
        raise PdfUnavailableError(
            "未找到 LibreOffice（soffice），无法转换 PDF。"
            "请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui）后重试，"
            "或直接用 Word 打开 .docx 另存为 PDF。"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    # A private profile: a running LibreOffice or a read-only home must not block us.
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        command = [
            binary,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfConversionError("LibreOffice 转换 PDF 失败（超时或无法启动）。") from exc
    pdf = out_dir / f"{docx_path.stem}.pdf"
    if not pdf.is_file():
        raise PdfConversionError("LibreOffice 没有生成 PDF 文件，请用 Word 打开 .docx 另存为 PDF。")
    return pdf

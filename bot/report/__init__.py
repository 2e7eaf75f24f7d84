"""The report model: parse text into Report, render it back, count 字数."""

from bot.report.count import count_chars
from bot.report.model import Item, Marker, Paragraph, Report, Role, Section, SeriesSpan
from bot.report.parse import parse_report
from bot.report.render import render_html_chunks, render_markdown, render_text

__all__ = [
    "Item",
    "Marker",
    "Paragraph",
    "Report",
    "Role",
    "Section",
    "SeriesSpan",
    "count_chars",
    "parse_report",
    "render_html_chunks",
    "render_markdown",
    "render_text",
]

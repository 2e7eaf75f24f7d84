"""述职助手 — a writing assistant for Party-building work reports."""

__version__ = "0.1.0"

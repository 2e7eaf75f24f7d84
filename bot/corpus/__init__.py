"""The sample reports: load, clean, segment, and (writer) pick exemplars."""

"""Domain errors whose message is a fixed Chinese sentence fit to show the user."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose `message` is safe and useful to show the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnusableInputError(UserFacingError):
    """The input cannot be read as a document (empty, binary, old .doc, corrupt)."""

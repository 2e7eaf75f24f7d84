"""`Store`: the one object the rest of the bot holds (the API is listed in `bot/store/__init__.py`).

Every public method is one transaction, committed before it returns: once a call
has returned, killing the process loses nothing it wrote.
"""

from __future__ import annotations

from bot.store.accounts import AccountMethods
from bot.store.documents import DocumentMethods


class Store(AccountMethods, DocumentMethods):
    """The bot's persistence. Build one at start-up with `await Store.open(url)`."""

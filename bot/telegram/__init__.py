"""The Telegram front: aiogram glue between Bot API updates and the dialog engine."""

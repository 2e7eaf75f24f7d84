"""The conversation engine shared by Telegram and the terminal."""

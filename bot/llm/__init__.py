"""The LLM layer: one small interface, the OpenAI-compatible adapter, token counting."""

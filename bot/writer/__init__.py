"""Writer use cases: extract facts, outline, draft concurrently, revise, tighten, 存在的问题."""

"""Documents in and out: .txt/.docx reading, GB/T 9704 Word export."""

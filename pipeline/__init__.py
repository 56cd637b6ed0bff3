"""Complaint triage pipeline: DVC stages and the shared code they use."""

import os

# Arrow allocates through the system allocator unless the user chose another:
# its default (mimalloc) keeps freed pages, so a streaming stage's resident size
# crept with the input although it keeps no chunk (io.release_freed_memory hands
# freed memory back after each chunk; README, *Corpora larger than memory*).
# Set before anything imports pyarrow, which reads it once.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

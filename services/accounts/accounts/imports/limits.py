"""How much one import may hold: files are read whole, in memory, so they are bounded before anything else."""

from __future__ import annotations

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL_CHARS = 1_000

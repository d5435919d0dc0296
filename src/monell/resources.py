"""The one owner of runtime resources: native-library settings, model packages, data paths.

Heavy libraries are imported lazily inside cached loaders so that ``monell --help``
stays fast.
"""

from __future__ import annotations

import os
from functools import cache

# Tesseract's OpenMP threads fight each other when several pages are OCR'd in
# parallel processes: measured 9.1 s per page with them, 2.4 s with one thread.
TESSERACT_THREADS = "1"


@cache
def limit_tesseract_threads() -> None:
    """Run each Tesseract call single-threaded; parallelism comes from our workers."""
    os.environ.setdefault("OMP_THREAD_LIMIT", TESSERACT_THREADS)

"""Page images for the review app: rendered from the produced file, cached in the case.

``render_page_image`` is the one place that knows how to draw a page of each source
format; formats it cannot draw return None and the page view shows the stored text.
Images are addressed by document id and page number only, and cached as
``<case>/cache/pages/<document_id>-<page>-<dpi>.png``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from monell.ingest.budget import OverBudget
from monell.ingest.extract import hash_into
from monell.ingest.images import ImageProblem, frame_count, load_frame
from monell.ingest.pdf import PdfProblem, open_pdf, render_page

if TYPE_CHECKING:
    from PIL.Image import Image

    from monell.store.web import PageSource

PAGE_DPI = 110  # a letter page at ~935 px wide: readable on a laptop, ~100 KB per page
CACHE_DIR = ("cache", "pages")


def render_page_image(
    path: str,
    source_format: str,
    page_number: int,
    dpi: int,
    image_path: str | None = None,
    image_frame: int = 0,
) -> Image | None:
    """Draw page ``page_number`` (1-based) of a stored document; None when the format has
    no page image to draw (natives, text files) or the file cannot be read.

    A load-file page names its own image (``image_path``, ``image_frame``); a loose scan
    is drawn from its frames.
    """
    if image_path:
        return _image_frame(image_path, image_frame, dpi)
    if source_format == "image":
        return _image_frame(path, page_number - 1, dpi)
    if source_format == "pdf":
        try:
            with open_pdf(Path(path)) as document:
                if not 1 <= page_number <= len(document):
                    return None
                return render_page(document, page_number - 1, dpi)
        except (PdfProblem, OverBudget, OSError):
            return None  # an oversized page is not drawn (its stored text is shown)
    return None


def _image_frame(path: str, frame: int, dpi: int) -> Image | None:
    """One frame of an image file (or a PDF page image) at about ``dpi``."""
    try:
        if frame >= frame_count(Path(path)):
            return None
        image, resolution = load_frame(Path(path), frame, dpi)
    except (ImageProblem, PdfProblem, OverBudget, OSError):
        return None
    if resolution and abs(resolution - dpi) > 1:
        scale = dpi / resolution
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        )
    return image


def cached_page_image(case_dir: Path, source: PageSource, dpi: int = PAGE_DPI) -> Path | None:
    """The page's PNG in the case's cache, rendered on first use; None when not drawable."""
    folder = case_dir.joinpath(*CACHE_DIR)
    # Only integers go into the name: nothing from a URL can point the cache elsewhere.
    target = folder / f"{int(source.document_id)}-{int(source.page_number)}-{int(dpi)}.png"
    if target.is_file() and target.stat().st_mtime >= _timestamp(source.ingested_at):
        return target  # rendered after this document arrived (ids of removed ones recur)
    # A PDF's sha256 is the file's own: a moved or replaced file is never drawn as this page.
    if source.source_format == "pdf" and not file_unchanged(source.path, source.sha256):
        return None
    image = render_page_image(
        source.path,
        source.source_format,
        source.page_number,
        dpi,
        source.image_path,
        source.image_frame,
    )
    if image is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".png.partial")
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(out, format="PNG", optimize=True)
        os.replace(temporary, target)  # a reader never sees half a PNG
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def file_unchanged(path: str, sha256: str) -> bool:
    """True when the stored file still holds the content that was ingested."""
    try:
        stat = Path(path).stat()
    except OSError:
        return False
    return _sha256(path, stat.st_mtime_ns, stat.st_size) == sha256


@functools.lru_cache(maxsize=256)
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    """Hashed once per file version (the key changes when the file does)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            hash_into(digest, handle)
    except OSError:
        return ""
    return digest.hexdigest()


def _timestamp(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return float("inf")  # unknown: always render afresh

"""Page images (TIFF, JPEG, PNG) read by OCR: loose scans and load-file page images.

A multi-page TIFF is one document of several pages; a JPEG or PNG is one page. A
load-file image may also be a PDF page (some vendors produce PDF images). Pure
functions of (path, frame, options): they run in worker processes.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monell.config import IMAGE_PIXELS, IngestOptions
from monell.ingest import pdf
from monell.ingest.bates import find_bates_candidates
from monell.ingest.budget import OverBudget, check_pixels
from monell.ingest.ocr import OcrEngine, OcrUnavailable
from monell.records import BatesNumber, ExtractionMethod, OcrMode, Page

if TYPE_CHECKING:
    from PIL.Image import Image

IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".jpg", ".jpeg", ".png"})
IMAGE_MAGIC = (b"II*\x00", b"MM\x00*", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
DEFAULT_DPI = 300.0  # scans without resolution metadata are almost always 300 DPI
MIN_OCR_DPI = 200.0
MAX_OCR_PIXELS = 40_000_000  # enlarge a low-resolution page only up to ~17 x 11 in at 300 dpi
MIN_KNOWN_DPI = 50.0  # a resolution tag below this (1 dpi) is noise: treated as unknown


# What Pillow's plugins raise on a damaged header or frame ("TypeError: Missing dimensions"
# from a TIFF page without a width): named, so the reason says "damaged", not a type name.
DAMAGED_IMAGE_ERRORS = (SyntaxError, ValueError, TypeError, struct.error, EOFError)


class ImageProblem(Exception):
    """An image that cannot be read; the message is the user-facing reason."""


def is_image(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and head.startswith(IMAGE_MAGIC)


def frame_count(path: Path, max_pixels: int = IMAGE_PIXELS) -> int:
    """Pages in an image file (frames of a multi-page TIFF).

    Raises:
        ImageProblem: the image cannot be read.
        OverBudget: its first page has more than ``max_pixels`` pixels (refused at once).
    """
    if path.suffix.lower() == ".pdf":
        with pdf.open_pdf(path) as document:
            return len(document)
    with _open(path, max_pixels) as image:
        try:
            return int(getattr(image, "n_frames", 1))
        except DAMAGED_IMAGE_ERRORS:
            raise ImageProblem(
                f"not a readable image: its list of pages is damaged ({path.suffix.lower()} file)"
            ) from None


def load_frame(
    path: Path, frame: int, dpi: int = 150, max_pixels: int = IMAGE_PIXELS
) -> tuple[Image, float]:
    """One page image in grayscale and its resolution (pixels per inch).

    Raises:
        OverBudget: the page has more than ``max_pixels`` pixels (checked before decoding).
    """
    if path.suffix.lower() == ".pdf":
        with pdf.open_pdf(path) as document:
            return pdf.render_page(document, frame, dpi, max_pixels), float(dpi)
    with _open(path, max_pixels) as image:
        if frame:
            try:
                image.seek(frame)
            except DAMAGED_IMAGE_ERRORS:
                raise ImageProblem(f"page {frame + 1} of the image is damaged") from None
            check_pixels(*image.size, max_pixels, f"on page {frame + 1}")
        x_dpi, y_dpi = (float(v or 0) for v in image.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI)))
        page = _upright_on_white(image)
        if x_dpi >= MIN_KNOWN_DPI and y_dpi >= MIN_KNOWN_DPI and abs(x_dpi - y_dpi) > 1:
            # a fax's 204 x 98 dpi: square the pixels, or every line is squashed
            scale_y = max(x_dpi, y_dpi) / y_dpi
            scale_x = max(x_dpi, y_dpi) / x_dpi
            page = page.resize((round(page.width * scale_x), round(page.height * scale_y)))
        resolution = max(x_dpi, y_dpi)
        return page, resolution if resolution >= MIN_KNOWN_DPI else DEFAULT_DPI


def _upright_on_white(image: Image) -> Image:
    """A phone photo turned as its EXIF says, and a transparent page laid on white paper."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    turned = ImageOps.exif_transpose(image) or image
    if turned.mode in ("RGBA", "LA") or (turned.mode == "P" and "transparency" in turned.info):
        rgba = turned.convert("RGBA")
        paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        turned = PILImage.alpha_composite(paper, rgba)
    return turned.convert("L")


def read_image_page(
    path: Path,
    frame: int,
    number: int,
    options: IngestOptions,
    ocr: OcrEngine,
    bates: BatesNumber | None = None,
) -> Page:
    """OCR one page image; ``bates`` is the number a load file gives it (else read from the stamp).

    Raises:
        ImageProblem: the image cannot be decoded.
    """
    if path.suffix.lower() == ".pdf":
        with pdf.open_pdf(path) as document:  # opened once: its text layer, else its pixels
            if options.ocr is not OcrMode.FORCE:
                layered = _pdf_text_page(document, path, frame, number, options, bates)
                if layered is not None:
                    return layered  # a copier's searchable PDF: its own text, not OCR again
            image = pdf.render_page(document, frame, options.ocr_dpi, options.limits.image_pixels)
            resolution = float(options.ocr_dpi)
    else:
        image, resolution = load_frame(path, frame, options.ocr_dpi, options.limits.image_pixels)
    scale = options.ocr_dpi / resolution
    if resolution < MIN_OCR_DPI and image.width * image.height * scale * scale <= MAX_OCR_PIXELS:
        # a 96-DPI screenshot or fax: Tesseract wants ~300 (a phone photo tagged 72 dpi is
        # already large enough, and enlarging it only costs memory)
        image = image.resize((round(image.width * scale), round(image.height * scale)))
        resolution = float(options.ocr_dpi)
    points = 72 / resolution
    width, height = image.width * points, image.height * points
    unread = Page(
        number, "", ExtractionMethod.NEEDS_OCR, bates=bates, image_path=str(path), image_frame=frame
    )
    if options.ocr is OcrMode.OFF:
        return unread
    try:
        result = ocr(image, language=options.ocr_language, points_per_pixel=points)
    except OcrUnavailable:
        return unread
    if result.size:  # read turned upright
        width, height = result.size
    candidates = () if bates else find_bates_candidates(result.words, width, height, from_ocr=True)
    legend = pdf.find_legend(result.words, height)
    return Page(
        number=number,
        text=result.text,
        method=ExtractionMethod.OCR if result.words else ExtractionMethod.BLANK,
        ocr_confidence=result.confidence,
        bates=bates or (candidates[0] if candidates else None),
        confidentiality=legend,
        bates_candidates=candidates,
        bates_from_ocr=bates is None and bool(candidates),
        image_path=str(path),
        image_frame=frame,
    )


def _pdf_text_page(
    document: Any,
    path: Path,
    frame: int,
    number: int,
    options: IngestOptions,
    bates: BatesNumber | None,
) -> Page | None:
    """A PDF page image's own text layer, when it has one worth reading (else None: OCR)."""
    layer = pdf.read_text_layer(document, frame)
    if layer.body_chars < options.min_text_chars:
        return None
    candidates = () if bates else find_bates_candidates(layer.band_words, layer.width, layer.height)
    return Page(
        number=number,
        text=layer.text,
        method=ExtractionMethod.TEXT,
        bates=bates or (candidates[0] if candidates else None),
        confidentiality=pdf.find_legend(layer.band_words, layer.height),
        bates_candidates=candidates,
        image_path=str(path),
        image_frame=frame,
    )


def _open(path: Path, max_pixels: int) -> Image:
    """Open an image lazily (nothing is decoded yet) and refuse one over the pixel budget."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    # Our own check below names the size and the setting; Pillow's would only warn at the
    # limit (a warning printed without the file's name) and stop at twice it.
    PILImage.MAX_IMAGE_PIXELS = None
    try:
        image = PILImage.open(path)
    except UnidentifiedImageError:
        raise ImageProblem(f"not a readable image ({path.suffix.lower()} file damaged?)") from None
    except DAMAGED_IMAGE_ERRORS as error:
        # Pillow's plugins raise these on a damaged header ("Missing dimensions").
        raise ImageProblem(
            f"not a readable image: its header is damaged ({path.suffix.lower()} file)"
        ) from error
    try:
        check_pixels(*image.size, max_pixels)
    except OverBudget:
        image.close()
        raise
    return image

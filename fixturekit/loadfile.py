"""Load-file production volumes: DAT + OPT + page images + text + natives.

``write_volume(tmp_path / "VOL001", [VolumeDoc("ABC0001", text_pages=["..."])])`` lays
out a volume the way vendors deliver one::

    VOL001/DATA/VOL001.dat     header + one row per document
    VOL001/DATA/VOL001.opt     one row per page image
    VOL001/IMAGES/001/<key>.tif
    VOL001/TEXT/001/<begin>.txt    pages joined by form feeds
    VOL001/NATIVES/001/<begin>.<ext>

Page images are given (``VolumeDoc.images``, e.g. a PDF's pages rendered) or drawn with
Pillow, large enough for Tesseract to read, with the page's Bates number stamped
bottom-right. The tests write volumes to their tmp folder; the sample production's VOL002
is one too (``scripts/sample_loadfile.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from fixturekit.fonts import load_font
from monell.ingest.bates import parse_bates

STYLES = {  # style -> (separator, qualifier)
    "concordance": ("\x14", "\u00fe"),
    "pilcrow": ("\u00b6", "\u00fe"),  # a Concordance file some tool transcoded
    "pipe": ("|", "^"),
    "comma": (",", '"'),
    "tab": ("\t", '"'),
}
NEWLINE_MARK = "\u00ae"  # ®: Concordance's newline inside a value
STANDARD_COLUMNS = (
    "BEGBATES",
    "ENDBATES",
    "PAGECOUNT",
    "CUSTODIAN",
    "FILENAME",
    "TEXTPATH",
    "NATIVEPATH",
)
PAGE_DPI = 200  # Tesseract reads 200 DPI scans without rescaling
PAGE_SIZE = (int(8.5 * PAGE_DPI), 11 * PAGE_DPI)
BODY_PX, STAMP_PX = 48, 36  # about 17 pt and 13 pt at 200 DPI


@dataclass(frozen=True)
class VolumeDoc:
    """One produced document of a test volume."""

    begin: str
    end: str | None = None  # default: begin + pages - 1
    text_pages: Sequence[str] | None = None  # extracted text, one string per page
    image_pages: int = 0  # page images to render (their text: text_pages, else the key)
    images: Sequence[Image.Image] = ()  # page images as given, instead of rendered ones
    page_count: int | None = None  # pages of a document with no images here (a native PDF)
    native: tuple[str, bytes] | None = None  # (original file name, content)
    custodian: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)  # extra or overriding DAT columns
    multipage_image: bool = False  # all page images in one multi-page TIFF
    image_format: str = "tif"  # "tif" or "png"
    raw_row: str | None = None  # written verbatim as the DAT row (for malformed rows)

    @property
    def pages(self) -> int:
        given = self.page_count or len(self.images) or self.image_pages
        return given or len(self.text_pages or ()) or 1


def bates_keys(begin: str, count: int) -> list[str]:
    """``count`` consecutive Bates numbers from ``begin``, padded like it."""
    first = parse_bates(begin)
    if first is None or first.suffix:
        return [begin] if count == 1 else [f"{begin}.{i:03d}" for i in range(1, count + 1)]
    head = begin[: len(begin) - first.width]
    return [f"{head}{first.number + i:0{first.width}d}" for i in range(count)]


def format_row(values: Sequence[str], style: str = "concordance") -> str:
    """One DAT line: every value qualified (doubled when it holds the qualifier)."""
    separator, qualifier = STYLES[style]
    cells = []
    for value in values:
        if style in ("concordance", "pilcrow"):
            value = value.replace("\n", NEWLINE_MARK)
        cells.append(qualifier + value.replace(qualifier, qualifier * 2) + qualifier)
    return separator.join(cells)


def encode_text(text: str, encoding: str) -> bytes:
    """``utf-16`` and ``utf-16-be`` get a byte-order mark, as Concordance writes them."""
    if encoding == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def write_volume(
    root: Path,
    docs: Sequence[VolumeDoc],
    *,
    style: str = "concordance",
    encoding: str = "utf-8",
    header_names: Mapping[str, str | None] | None = None,
    with_opt: bool = True,
    layout_slashes: str = "\\",
    path_prefix: str = "",
    newline: str = "\r\n",
    columns: Sequence[str] = STANDARD_COLUMNS,
    dpi: int = PAGE_DPI,
) -> Path:
    """Write a volume folder named ``root.name`` under ``root`` and return ``root``.

    Args:
        encoding: of the DAT (``utf-8-sig`` writes a byte-order mark).
        header_names: rename a column (``{"BEGBATES": "Begin Bates"}``) or drop it (None).
        layout_slashes: the separator inside the paths the DAT and OPT name.
        path_prefix: written before every path, e.g. ``".\\\\"`` or ``"D:\\\\Prod\\\\"``.
        newline: the line end of the DAT and OPT.
        columns: the DAT's columns in order; other ``fields`` follow them.
        dpi: written into the page images.
    """
    name = root.name
    rows: list[dict[str, str]] = []
    opt_lines: list[str] = []
    for doc in docs:
        keys = bates_keys(doc.begin, doc.pages)
        values = {
            "BEGBATES": doc.begin,
            "ENDBATES": doc.end or keys[-1],
            "PAGECOUNT": str(doc.pages),
            "CUSTODIAN": doc.custodian or "",
            "FILENAME": doc.native[0] if doc.native else "",
            "TEXTPATH": _write_text(root, doc, layout_slashes, path_prefix),
            "NATIVEPATH": _write_native(root, doc, layout_slashes, path_prefix),
        }
        values.update(doc.fields)
        rows.append(values)
        opt_lines += _write_images(root, doc, keys, layout_slashes, path_prefix, dpi)
    names = list(dict.fromkeys([*columns, *(k for row in rows for k in row)]))
    renames = dict(header_names or {})
    kept = [c for c in names if renames.get(c, c) is not None]
    lines = [format_row([renames.get(c, c) or c for c in kept], style)]
    for doc, row in zip(docs, rows, strict=True):
        lines.append(doc.raw_row or format_row([row.get(c, "") for c in kept], style))
    data = root / "DATA"
    data.mkdir(parents=True, exist_ok=True)
    (data / f"{name}.dat").write_bytes(encode_text(newline.join(lines) + newline, encoding))
    if with_opt:
        opt = "".join(f"{line}{newline}" for line in opt_lines)
        (data / f"{name}.opt").write_bytes(opt.encode("cp1252"))
    return root


def _relative(parts: Sequence[str], slashes: str, prefix: str) -> str:
    return prefix + slashes.join(parts)


def _write_text(root: Path, doc: VolumeDoc, slashes: str, prefix: str) -> str:
    if doc.text_pages is None:
        return ""
    parts = ("TEXT", "001", f"{doc.begin}.txt")
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\f".join(doc.text_pages), encoding="utf-8")
    return _relative(parts, slashes, prefix)


def _write_native(root: Path, doc: VolumeDoc, slashes: str, prefix: str) -> str:
    if doc.native is None:
        return ""
    file_name, content = doc.native
    parts = ("NATIVES", "001", f"{doc.begin}{Path(file_name).suffix}")
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return _relative(parts, slashes, prefix)


def _write_images(
    root: Path, doc: VolumeDoc, keys: Sequence[str], slashes: str, prefix: str, dpi: int
) -> list[str]:
    """Save the page images (given or rendered) and return their OPT lines."""
    if not doc.image_pages and not doc.images:
        return []
    texts = list(doc.text_pages or [])
    pages = list(doc.images) or [
        render_page((texts[i] if i < len(texts) else f"Page {key}").splitlines(), key)
        for i, key in enumerate(keys)
    ]
    folder = root / "IMAGES" / "001"
    folder.mkdir(parents=True, exist_ok=True)
    if doc.multipage_image:
        parts = [("IMAGES", "001", f"{doc.begin}.tif")] * len(keys)
        _save(pages, root.joinpath(*parts[0]), dpi)
    else:
        parts = [("IMAGES", "001", f"{key}.{doc.image_format}") for key in keys]
        for page, part in zip(pages, parts, strict=True):
            _save([page], root.joinpath(*part), dpi)
    return [
        f"{key},{root.name},{_relative(part, slashes, prefix)},{'Y' if i == 0 else ''},,,"
        f"{len(keys) if i == 0 else ''}"
        for i, (key, part) in enumerate(zip(keys, parts, strict=True))
    ]


def render_page(lines: Sequence[str], stamp: str | None = None) -> Image.Image:
    """A letter-size grayscale page with the lines drawn large and a Bates stamp."""
    image = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(image)
    body = load_font(BODY_PX)
    for i, line in enumerate(lines):
        draw.text((150, 200 + i * BODY_PX * 1.6), line, fill=0, font=body)
    if stamp:
        draw.text((PAGE_SIZE[0] - 520, PAGE_SIZE[1] - 140), stamp, fill=0, font=load_font(STAMP_PX))
    return image


def _save(pages: Sequence[Image.Image], path: Path, dpi: int) -> None:
    """Bilevel Group 4 TIFF (what productions use), or PNG."""
    if path.suffix == ".png":
        pages[0].save(path, dpi=(dpi, dpi))
        return
    bilevel = [page.convert("1") for page in pages]
    bilevel[0].save(
        path, compression="group4", dpi=(dpi, dpi), save_all=True, append_images=bilevel[1:]
    )

"""Malformed files of every format monell reads, for the fuzz harness (issue 22).

``write_corpus(folder, seed, per_kind)`` lays out one folder per format (``pdf/``,
``image/``, ``xlsx/``, …, and load-file volumes under ``volumes/``). Each folder holds
hand-made breakages (a truncated file, a wrong header, a lying size field) and random
mutations of a valid sample (bytes flipped, cut, repeated or spliced), so a run with a new
seed tries new damage. ``scripts/fuzz_ingest.py`` (``make fuzz``) ingests every folder;
``tests/test_ingest_fuzz.py`` ingests a small, fixed subset in ``make test``.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from docx import Document as WordDocument
from openpyxl import Workbook
from PIL import Image

from fixturekit import oversized
from fixturekit.loadfile import VolumeDoc, write_volume
from fixturekit.natives import build_xls
from fixturekit.pages import PageSpec, build_pdf
from monell.records import IngestResult

TEXT = "In-service roster: Ofc. Pruitt completed de-escalation training on 2019-03-04.\n"


def _pdf(tmp: Path) -> bytes:
    return build_pdf(tmp / "sample.pdf", [PageSpec(), PageSpec(image_only=True)]).read_bytes()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (300, 400), 255).save(out, "PNG")
    return out.getvalue()


def _tiff() -> bytes:
    out = io.BytesIO()
    pages = [Image.new("L", (300, 400), 255) for _ in range(3)]
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:])
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (255, 255, 255)).save(out, "JPEG")
    return out.getvalue()


def _xlsx() -> bytes:
    book = Workbook()
    book.active.append(["Officer", "Course", "Hours"])
    book.active.append(["Pruitt", "Handcuffing", 4])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx() -> bytes:
    word = WordDocument()
    word.add_heading("Lesson Plan: Handcuffing", level=1)
    word.add_paragraph(TEXT)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _xls(tmp: Path) -> bytes:
    sheets: dict[str, Sequence[Sequence[str | int | float | datetime | None]]] = {
        "Roster": [["Officer", "Course"], ["Pruitt", "Handcuffing"]]
    }
    return build_xls(tmp / "sample.xls", sheets).read_bytes()


def _eml() -> bytes:
    message = EmailMessage()
    message["From"] = "sgt@riverton.example"
    message["Subject"] = "Roster"
    message.set_content(TEXT)
    message.add_attachment(TEXT.encode(), maintype="text", subtype="plain", filename="r.txt")
    return bytes(message)


def samples(tmp: Path) -> dict[str, tuple[str, bytes]]:
    """A valid sample per format: (suffix, bytes)."""
    return {
        "pdf": (".pdf", _pdf(tmp)),
        "png": (".png", _png()),
        "tiff": (".tif", _tiff()),
        "jpeg": (".jpg", _jpeg()),
        "xlsx": (".xlsx", _xlsx()),
        "xls": (".xls", _xls(tmp)),
        "docx": (".docx", _docx()),
        "csv": (".csv", b"Officer,Course\nPruitt,Handcuffing\n"),
        "txt": (".txt", TEXT.encode() * 3),
        "eml": (".eml", _eml()),
        "msg": (".msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
    }


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random damage: flipped bytes, a cut, a repeated or a spliced-in block."""
    buffer = bytearray(data)
    kind = rng.choice(["flip", "cut", "repeat", "splice", "zero"])
    if not buffer:
        return bytes(rng.randbytes(64))
    at = rng.randrange(len(buffer))
    if kind == "flip":
        for _ in range(rng.randint(1, 32)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif kind == "cut":
        del buffer[at:]
    elif kind == "repeat":
        block = buffer[at : at + rng.randint(1, 512)]
        buffer[at:at] = block * rng.randint(2, 50)
    elif kind == "splice":
        buffer[at:at] = rng.randbytes(rng.randint(1, 256))
    else:
        end = min(len(buffer), at + rng.randint(1, 4096))
        buffer[at:end] = bytes(end - at)
    return bytes(buffer)


def _zip_with(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def handmade(tmp: Path) -> dict[str, dict[str, bytes]]:
    """Named breakages per format, each one a way real productions arrive damaged."""
    pdf = _pdf(tmp)
    png, xlsx, docx = _png(), _xlsx(), _docx()
    lying = oversized.lying_page_tree_pdf(tmp / "lying.pdf", 1_000).read_bytes()
    return {
        "pdf": {
            "empty.pdf": b"",
            "header-only.pdf": b"%PDF-1.7\n",
            "truncated-half.pdf": pdf[: len(pdf) // 2],
            "no-xref.pdf": pdf.split(b"xref")[0],
            "junk-before-header.pdf": b"\x00" * 900 + pdf,
            "page-tree-lies.pdf": lying,
            "encrypt-dict.pdf": pdf.replace(b"trailer\n<<", b"trailer\n<< /Encrypt 99 0 R", 1),
            "html-named-pdf.pdf": b"<html><body>not a pdf</body></html>",
        },
        "png": {
            "truncated.png": png[: len(png) // 2],
            "huge-header.png": png[:16] + struct.pack(">II", 90_000, 90_000) + png[24:],
            "zero-size.png": png[:16] + struct.pack(">II", 0, 0) + png[24:],
            "text-named-png.png": b"just text",
        },
        "tiff": {
            "no-dimensions.tif": b"II*\x00\x08\x00\x00\x00\x01\x00\x03\x01\x03\x00\x01\x00\x00\x00"
            b"\x01\x00\x00\x00\x00\x00\x00\x00",
            "loop-ifd.tif": b"II*\x00\x08\x00\x00\x00\x00\x00\x08\x00\x00\x00",
        },
        "xlsx": {
            "not-a-zip.xlsx": b"PK\x03\x04" + bytes(100),
            "no-workbook.xlsx": _zip_with({"[Content_Types].xml": b"<Types/>"}),
            "truncated.xlsx": xlsx[: len(xlsx) // 2],
            "docx-named-xlsx.xlsx": docx,
        },
        "docx": {
            "no-body.docx": _zip_with({"[Content_Types].xml": b"<Types/>"}),
            "broken-xml.docx": docx.replace(b"</w:body>", b"<w:body>", 1),
            "truncated.docx": docx[: len(docx) // 3],
            "billion-laughs.docx": _zip_with(
                {
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d ['
                    b'<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><d>&c;&c;&c;&c;&c;&c;&c;&c;</d>'
                }
            ),
        },
        "csv": {
            "binary.csv": bytes(range(256)) * 4,
            "open-quote.csv": b'Officer,Note\nPruitt,"never closed\n' + b"x," * 1000,
            "nul-bytes.csv": b"Officer,Course\nPru\x00itt,Hand\x00cuffing\n" * 50,
            "utf16-no-bom.csv": "Officer,Course\nPruitt,Handcuffing\n".encode("utf-16-le"),
        },
        "txt": {
            "only-newlines.txt": b"\n" * 100_000,
            "escape-sequences.txt": (TEXT + "\x1b[2J\x1b]0;title\x07").encode() * 20,
            "invalid-utf8.txt": b"Roster \xff\xfe\xc3\x28 of officers\n" * 30,
        },
        "eml": {
            "no-headers.eml": b"\n\nbody only",
            "bad-charset.eml": b"From: a@b\nSubject: x\n"
            b"Content-Type: text/plain; charset=x-nope\n\ncaf\xe9\n",
            "broken-mime.eml": b"From: a@b\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n"
            b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
            b'Content-Disposition: attachment; filename="a.pdf"\n\n!!!not base64!!!\n',
        },
        "xls": {"garbage-ole.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)},
        "msg": {"garbage-ole.msg": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)},
    }


def _names(folder: Path) -> Path:
    """Files whose names are hostile: bytes that are not UTF-8, a newline that would forge an
    output line, an escape sequence, a right-to-left override; and a link out of the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.fsencode(folder)
    for name in (
        b"roster-\xff\xfe.txt",
        b"memo\nFAILED forged.pdf: planted.txt",
        b"red\x1b[31m.txt",
        "invoice\u202etxt.pdf".encode(),
    ):
        with open(os.path.join(raw, name), "wb") as handle:
            handle.write(TEXT.encode() + name)
    outside = folder.parent / ".outside.txt"
    outside.write_text("not part of the production\n")
    (folder / "link-out.txt").symlink_to(outside)
    return folder


def _volumes(root: Path) -> None:
    """Load-file volumes broken the ways vendors break them."""
    good = [VolumeDoc("ABC0001", text_pages=[TEXT]), VolumeDoc("ABC0002", text_pages=[TEXT])]
    header_only = write_volume(root / "HEADERONLY", good)
    dat = next((header_only / "DATA").glob("*.dat"))
    dat.write_bytes(dat.read_bytes().split(b"\r\n")[0] + b"\r\n")
    short = write_volume(root / "SHORTROW", good)
    dat = next((short / "DATA").glob("*.dat"))
    dat.write_bytes(dat.read_bytes().replace(b"\x14", b"", 3))
    climb = [VolumeDoc("ABC0001", fields={"TEXTPATH": "..\\..\\..\\etc\\passwd"})]
    write_volume(root / "CLIMB", climb, columns=("BEGBATES", "ENDBATES"))
    opt = write_volume(root / "BADOPT", [VolumeDoc("ABC0001", image_pages=1)])
    next((opt / "DATA").glob("*.opt")).write_bytes(b"\x00\xff,,,\n" * 10)


def write_corpus(folder: Path, seed: int = 1, per_kind: int = 3) -> list[Path]:
    """Write the corpus; returns its folders (one per format, then the volumes)."""
    rng = random.Random(seed)
    scratch = folder / ".scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    made = handmade(scratch)
    folders = []
    for kind, (suffix, data) in samples(scratch).items():
        target = folder / kind
        target.mkdir(exist_ok=True)
        for name, broken in made.get(kind, {}).items():
            (target / name).write_bytes(broken)
        for number in range(per_kind):
            (target / f"mutant-{seed}-{number}{suffix}").write_bytes(mutate(data, rng))
        folders.append(target)
    folders.append(_names(folder / "names"))
    _volumes(folder / "volumes")
    folders += sorted(p for p in (folder / "volumes").iterdir() if p.is_dir())
    return folders


def outcome_problems(folder: Path, result: IngestResult) -> list[str]:
    """What breaks the rule "every file gets exactly one outcome, stated on one line"."""
    from collections import Counter

    from monell.ingest.discover import discover_inputs
    from monell.records.names import shown

    problems = [
        f"{f.path}: reason is not one plain line naming a cause: {f.reason}"
        for f in result.failed
        if "\n" in f.reason
        or "Traceback" in f.reason
        or not f.reason.strip()
        or f.reason.startswith("could not be read (")  # the catch-all: no specific cause
    ]
    inputs = discover_inputs([folder])
    if inputs.volumes:
        return problems  # a volume's outcomes are per DAT row, not per file
    outcomes = Counter(
        [d.path for d in result.added]
        + list(result.already_present)
        + [f.path for f in result.failed]
    )
    for file in inputs.files:
        count = outcomes[shown(file)]
        if count != 1:
            problems.append(f"{shown(file)}: {count} outcomes")
    return problems

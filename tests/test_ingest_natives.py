"""Native files read into page-equivalents: sheets, Word paragraphs, text pages, emails."""

from __future__ import annotations

import contextlib
import random
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from fixturekit.natives import (
    Block,
    Cell,
    build_docx,
    build_eml,
    build_msg,
    build_ole,
    build_xls,
    build_xlsx,
)
from monell.ingest.natives import (
    NATIVE_SUFFIXES,
    NativeProblem,
    native_format,
    read_native,
    read_native_bytes,
)
from monell.ingest.natives.mail import html_to_text
from monell.ingest.natives.sheets import cell_text
from monell.records import NativeContent, SourceFormat

ZIP_HEAD = b"PK\x03\x04" + bytes(60)
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(56)
ROSTER: list[list[Cell]] = [
    ["Riverton Police Department — In-Service Training 2019"],
    [],
    ["Officer", "Badge", "Course", "Date", "Hours", None],
    ["Smith, John", 1234, "Use of Force Update", datetime(2019, 3, 4), 8.0],
    ["Doe, Alex", 77, "De-escalation", datetime(2019, 3, 5, 13, 30), 2.5],
    [],
    ["Roe, Dana", 310, "Crisis Intervention", datetime(2019, 4, 1), 40],
]


def read(path: Path) -> NativeContent:
    """Read a file the way ingest will: format from suffix and first bytes, then the reader."""
    source_format = native_format(path, path.read_bytes()[:8192])
    assert source_format is not None, f"{path.name} is not recognised as a native"
    return read_native(path, source_format)


def problem(path: Path) -> str:
    source_format = NATIVE_SUFFIXES[path.suffix.lower()]
    with pytest.raises(NativeProblem) as caught:
        read_native(path, source_format)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- recognising natives --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("roster.xlsx", ZIP_HEAD, SourceFormat.XLSX),
        ("ROSTER.XLSM", ZIP_HEAD, SourceFormat.XLSX),  # suffixes are matched without case
        ("roster.xls", OLE_HEAD, SourceFormat.XLS),
        ("roster.xls", ZIP_HEAD, SourceFormat.XLSX),  # a new workbook with an old name
        ("roster.xls", b"Officer\tBadge\r\nSmith\t1234\r\n", SourceFormat.CSV),  # text export
        ("policy.docx", ZIP_HEAD, SourceFormat.DOCX),
        ("notes.txt", b"General Order 300", SourceFormat.TXT),
        ("README.md", b"# Training", SourceFormat.MD),
        ("complaint.eml", b"From: a@b.gov\r\n", SourceFormat.EML),
        ("complaint.eml", OLE_HEAD, SourceFormat.MSG),  # an Outlook file with a MIME name
        ("complaint.msg", OLE_HEAD, SourceFormat.MSG),
        ("complaint.msg", b"Received: from mail\r\nFrom: a@b.gov\r\n", SourceFormat.EML),
        ("policy.doc", OLE_HEAD, None),  # old binary Word is not read
        ("scan.pdf", b"%PDF-1.7", None),
        ("roster.xlsx", b"%PDF-1.7\n", None),  # a PDF with the wrong name goes to the PDF reader
        ("photo.jpg", b"\xff\xd8\xff", None),
    ],
)
def test_native_format_goes_by_suffix_and_first_bytes(
    name: str, head: bytes, expected: SourceFormat | None
) -> None:
    assert native_format(Path(name), head) is expected


# --- spreadsheets ---------------------------------------------------------------------------


def test_roster_title_row_becomes_text_and_row_numbers_match_the_sheet(tmp_path: Path) -> None:
    content = read(build_xlsx(tmp_path / "roster.xlsx", {"Roster": ROSTER}))

    (page,) = content.pages
    (table,) = page.tables
    assert page.label == "sheet Roster"
    assert table.title == "Roster"
    assert table.page_number == 1
    assert table.row_numbers == (3, 4, 5, 7)  # the header is row 3; row 6 is empty
    assert table.rows == (
        ("Officer", "Badge", "Course", "Date", "Hours"),
        ("Smith, John", "1234", "Use of Force Update", "2019-03-04", "8"),
        ("Doe, Alex", "77", "De-escalation", "2019-03-05 13:30", "2.5"),
        ("Roe, Dana", "310", "Crisis Intervention", "2019-04-01", "40"),
    )
    assert page.text.splitlines()[:3] == [
        "Riverton Police Department — In-Service Training 2019",
        "Officer | Badge | Course | Date | Hours",
        "Smith, John | 1234 | Use of Force Update | 2019-03-04 | 8",
    ]


def test_each_non_empty_sheet_is_one_page_equivalent(tmp_path: Path) -> None:
    sheets: dict[str, Sequence[Sequence[Cell]]] = {
        "Roster": ROSTER,
        "Notes": [],
        "Courses": [["Code", "Title"], ["UOF-1", "Use of Force"]],
    }
    content = read(build_xlsx(tmp_path / "two.xlsx", sheets))

    assert [page.label for page in content.pages] == ["sheet Roster", "sheet Courses"]
    assert [page.tables[0].page_number for page in content.pages] == [1, 2]
    assert content.pages[1].tables[0].row_numbers == (1, 2)


def test_hidden_sheet_is_read_and_flagged(tmp_path: Path) -> None:
    sheets: dict[str, Sequence[Sequence[Cell]]] = {
        "Roster": ROSTER,
        "Discipline": [["Officer", "Finding"], ["Smith", "Sustained"]],
    }
    content = read(build_xlsx(tmp_path / "h.xlsx", sheets, hidden=["Discipline"]))

    assert [page.label for page in content.pages] == ["sheet Roster", "sheet Discipline"]
    assert content.warnings == ("sheet Discipline is hidden in the workbook; it was read anyway",)


def test_sheet_over_the_row_limit_keeps_the_first_rows_and_warns(tmp_path: Path) -> None:
    rows: list[list[Cell]] = [["Officer", "Badge"]]
    rows += [[f"Officer {n}", n] for n in range(1, 30)]
    path = build_xlsx(tmp_path / "big.xlsx", {"Log": rows})

    content = read_native(path, SourceFormat.XLSX, max_rows=10)

    assert len(content.pages[0].tables[0].rows) == 10
    assert content.warnings == ("sheet Log has more than 10 rows; only the first 10 were read",)


def test_workbook_properties_become_metadata(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "p.xlsx", {"Roster": ROSTER}, creator="Sgt. Ana Ortiz")

    metadata = dict(read(path).metadata)

    assert metadata["author"] == "Sgt. Ana Ortiz"
    assert metadata["date_created"] == "2021-03-04T10:15:00"


def test_wrong_sheet_dimension_does_not_drop_rows(tmp_path: Path) -> None:
    # Exporters often write <dimension ref="A1"/>; trusting it would read one cell.
    built = build_xlsx(tmp_path / "built.xlsx", {"Roster": ROSTER})
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            target.writestr(item, data)

    table = read(path).pages[0].tables[0]

    assert table.row_numbers == (3, 4, 5, 7)
    assert table.rows[0] == ("Officer", "Badge", "Course", "Date", "Hours")


def test_one_column_list_has_no_title_rows(tmp_path: Path) -> None:
    rows = [["Use of Force"], ["De-escalation"], ["Crisis Intervention"]]
    table = read(build_xlsx(tmp_path / "list.xlsx", {"Topics": rows})).pages[0].tables[0]

    assert table.rows == (("Use of Force",), ("De-escalation",), ("Crisis Intervention",))
    assert table.row_numbers == (1, 2, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "TRUE"),
        (datetime(2019, 3, 4), "2019-03-04"),  # a date cell: midnight is no time
        (datetime(2019, 3, 4, 7, 5, 59), "2019-03-04 07:05"),
        (date(2019, 3, 4), "2019-03-04"),
        (time(13, 30), "13:30"),
        (timedelta(hours=26, minutes=30), "26:30"),  # [h]:mm training hours, not days
        (8.0, "8"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),  # Excel's 15 digits, not binary noise
        (1234, "1234"),
        ("  Smith, John ", "Smith, John"),
    ],
)
def test_cells_read_as_a_reviewer_sees_them(value: object, expected: str) -> None:
    assert cell_text(value) == expected


def test_semicolon_csv_in_windows_1252_is_decoded_and_split(tmp_path: Path) -> None:
    text = "Officer;Course;Date\r\nJosé Muñoz;Use of Force – Level 1;2019-03-04\r\n"
    path = tmp_path / "hours.csv"
    path.write_bytes(text.encode("cp1252"))

    (page,) = read(path).pages

    assert page.label == "sheet hours"
    assert page.tables[0].rows == (
        ("Officer", "Course", "Date"),
        ("José Muñoz", "Use of Force – Level 1", "2019-03-04"),
    )
    assert page.tables[0].row_numbers == (1, 2)


@pytest.mark.parametrize("delimiter", [",", "\t", "|"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(f"Officer{delimiter}Badge\nSmith{delimiter}1234\nDoe{delimiter}77\n")

    assert read(path).pages[0].tables[0].rows[1] == ("Smith", "1234")


def test_old_xls_workbook_reads_dates_numbers_and_hidden_sheets(tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["In-Service 2019"],
        [],
        ["Officer", "Badge", "Date"],
        ["Smith", 1234, datetime(2019, 3, 4)],
    ]
    path = build_xls(tmp_path / "old.xls", {"Roster": rows, "Old": [["a", "b"]]}, hidden=["Old"])

    content = read(path)

    assert content.source_format is SourceFormat.XLS
    assert content.pages[0].tables[0].rows == (
        ("Officer", "Badge", "Date"),
        ("Smith", "1234", "2019-03-04"),
    )
    assert content.pages[0].tables[0].row_numbers == (3, 4)
    assert content.pages[0].text.startswith("In-Service 2019\n")
    assert content.warnings == ("sheet Old is hidden in the workbook; it was read anyway",)


def test_new_workbook_named_xls_is_read_with_a_warning(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "roster.xlsx", {"Roster": ROSTER}).rename(tmp_path / "roster.xls")

    content = read(path)

    assert content.source_format is SourceFormat.XLSX
    assert content.warnings == (
        "the file is named .xls but holds a .xlsx workbook, and was read as such",
    )


# --- Word -----------------------------------------------------------------------------------


def test_docx_keeps_headings_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    blocks = [
        ("title", "Lesson Plan: Use of Force"),
        ("para", "This course covers the use of force continuum."),
        ("heading", "Learning Objectives"),
        ("table", [["Objective", "Hours"], ["De-escalation", "2"]]),
        ("para", "Instructors sign the roster."),
    ]
    content = read(build_docx(tmp_path / "plan.docx", blocks, author="Lt. Ortiz"))

    (page,) = content.pages
    assert page.label == "paragraphs 1–5"
    assert page.text == (
        "Lesson Plan: Use of Force\n"
        "This course covers the use of force continuum.\n"
        "\n"
        "Learning Objectives\n"
        "Objective | Hours\n"
        "De-escalation | 2\n"
        "Instructors sign the roster."
    )
    (table,) = page.tables
    assert (table.page_number, table.index, table.title, table.row_numbers) == (1, 0, None, ())
    assert table.rows == (("Objective", "Hours"), ("De-escalation", "2"))
    assert dict(content.metadata)["author"] == "Lt. Ortiz"


def test_long_docx_is_cut_at_paragraph_boundaries_and_never_splits_a_table(tmp_path: Path) -> None:
    sentence = "Officers shall use only the force that is objectively reasonable. " * 5
    blocks: list[Block] = [("para", f"{n}. {sentence}") for n in range(1, 41)]
    roster = [["Officer", "Badge"]] + [[f"Officer {n}", str(n)] for n in range(60)]
    blocks.insert(20, ("table", roster))

    content = read(build_docx(tmp_path / "policy.docx", blocks))

    labels = [page.label for page in content.pages]
    assert labels[0].startswith("paragraphs 1–")
    assert len(labels) > 2
    numbers = [tuple(map(int, label.split()[1].split("–"))) for label in labels]
    assert all(b[0] == a[1] + 1 for a, b in zip(numbers, numbers[1:], strict=False))  # contiguous
    assert numbers[-1][1] == 41  # 40 paragraphs and one table
    assert all(len(page.text) <= 3_500 for page in content.pages if not page.tables)
    (holder,) = [page for page in content.pages if page.tables]
    assert holder.tables[0].rows == tuple(tuple(row) for row in roster)
    assert holder.tables[0].page_number == content.pages.index(holder) + 1


def test_docx_without_text_has_no_readable_content(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "blank.docx", [("para", "")])

    assert problem(path) == "no readable content: the document has no text"


# --- plain text -----------------------------------------------------------------------------


def test_form_feeds_split_printed_pages_and_blank_pages_keep_their_number(tmp_path: Path) -> None:
    path = tmp_path / "ia-log.txt"
    path.write_bytes(b"IA LOG 2019\r\nCase 19-001\f\f  \r\nCase 19-002\r\nSustained\f")

    content = read(path)

    assert [(page.label, page.text) for page in content.pages] == [
        ("page 1", "IA LOG 2019\nCase 19-001"),
        ("page 3", "  \nCase 19-002\nSustained"),
    ]


def test_text_without_form_feeds_is_cut_into_runs_of_lines(tmp_path: Path) -> None:
    line = "The academy curriculum includes 40 hours of crisis intervention training."
    path = tmp_path / "curriculum.md"
    path.write_text("\r\n".join(f"{n:03d} {line}".ljust(99, ".") for n in range(1, 121)))

    content = read(path)

    assert content.source_format is SourceFormat.MD
    # 100 characters a line with its newline: 35 lines fill a 3,500-character page-equivalent
    assert [page.label for page in content.pages] == [
        "lines 1–35",
        "lines 36–70",
        "lines 71–105",
        "lines 106–120",
    ]
    assert "\r" not in content.pages[0].text


def test_binary_file_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(bytes(range(256)) * 8)

    assert problem(path) == "not a text file: it holds binary data (a renamed image or program?)"


# --- email ----------------------------------------------------------------------------------


def test_eml_with_html_only_body_and_pdf_attachment(tmp_path: Path) -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Please see the attached &amp; signed roster.</p>"
        "<table><tr><td>Officer</td><td>Hours</td></tr><tr><td>Smith</td><td>8</td></tr></table>"
        "<script>alert(1)</script></body></html>"
    )
    data = build_eml(html=html, attachments=[("roster.pdf", "application/pdf", b"%PDF-1.4 x")])
    path = tmp_path / "m.eml"
    path.write_bytes(data)

    content = read(path)

    (page,) = content.pages
    assert page.label == "message"
    assert page.text == (
        'From: "Lt. Ana Ortiz" <aortiz@riverton.gov>\n'
        "To: Training Unit <training@riverton.gov>\n"
        "Cc: Chief Dale Roe <droe@riverton.gov>\n"
        "Date: Thu, 04 Mar 2021 10:15:00 -0500\n"
        "Subject: Use of force training\n"
        "\n"
        "Please see the attached & signed roster.\n"
        "\n"
        "Officer | Hours\n"
        "Smith | 8"
    )
    assert dict(content.metadata) == {
        "from": '"Lt. Ana Ortiz" <aortiz@riverton.gov>',
        "to": "Training Unit <training@riverton.gov>",
        "cc": "Chief Dale Roe <droe@riverton.gov>",
        "subject": "Use of force training",
        "date_sent": "2021-03-04T10:15:00-05:00",
    }
    assert [(a.name, a.data) for a in content.attachments] == [("roster.pdf", b"%PDF-1.4 x")]


def test_eml_prefers_the_plain_body_and_skips_inline_images(tmp_path: Path) -> None:
    data = build_eml(plain="Plain words.\n", html="<p>HTML words.</p>")
    message = EmailMessage()
    message.set_content("Plain words.\n")
    message.add_related(
        b"\x89PNG", maintype="image", subtype="png", disposition="inline", filename="logo.png"
    )

    content = read_native_bytes("m.eml", data)
    with_logo = read_native_bytes("n.eml", b"Subject: logo\r\n" + message.as_bytes())

    assert content is not None and content.pages[0].text.endswith("\n\nPlain words.")
    assert with_logo is not None and with_logo.attachments == ()


def test_forwarded_message_is_an_eml_attachment_named_after_its_subject() -> None:
    inner = EmailMessage()
    inner["From"] = "complainant@example.com"
    inner["Subject"] = "Complaint: excessive force"
    inner.set_content("I was thrown to the ground.\n")
    data = build_eml(plain="Forwarding for IA.\n", forwarded=inner)

    content = read_native_bytes("fwd.eml", data)

    assert content is not None
    (attachment,) = content.attachments
    assert attachment.name == "Complaint_ excessive force.eml"
    forwarded = read_native_bytes(attachment.name, attachment.data)
    assert forwarded is not None and "I was thrown to the ground." in forwarded.pages[0].text


def test_long_email_continues_on_further_page_equivalents() -> None:
    body = "\n".join(f"Paragraph {n}: the officer stated the subject resisted." for n in range(200))

    content = read_native_bytes("long.eml", build_eml(plain=body))

    assert content is not None
    labels = [page.label for page in content.pages]
    assert labels[:3] == ["message", "message (continued 2)", "message (continued 3)"]
    assert content.pages[0].text.startswith("From: ")


def test_html_to_text_drops_scripts_and_keeps_blocks_on_their_own_lines() -> None:
    html = "<div>Line one<br>Line&nbsp;two</div><script>x()</script><ul><li>a</li><li>b</li></ul>"

    assert html_to_text(html) == "Line one\nLine two\n\na\nb"


def test_outlook_msg_gives_headers_body_metadata_and_attachment(tmp_path: Path) -> None:
    path = build_msg(
        tmp_path / "c.msg",
        subject="Complaint 2021-14",
        body="The officer used force.\r\nSecond line.",
        attachment=("report.pdf", b"%PDF-1.4 fake"),
    )

    content = read(path)

    assert content.source_format is SourceFormat.MSG
    assert content.pages[0].text.splitlines()[0] == "From: Lt. Ana Ortiz <aortiz@riverton.gov>"
    assert content.pages[0].text.endswith(
        "Subject: Complaint 2021-14\n\nThe officer used force.\nSecond line."
    )
    assert dict(content.metadata)["date_sent"] == "2021-03-04T10:15:00+00:00"
    assert [(a.name, a.data) for a in content.attachments] == [("report.pdf", b"%PDF-1.4 fake")]


def test_corrupt_msg_is_a_native_problem(tmp_path: Path) -> None:
    path = tmp_path / "c.msg"
    path.write_bytes(build_ole({"Workbook": b"not a message" * 10}))

    assert (
        problem(path) == "not a readable .msg Outlook message (damaged, or not saved from Outlook?)"
    )


# --- files that cannot be read --------------------------------------------------------------


def _truncated_xlsx(tmp_path: Path) -> Path:
    data = build_xlsx(tmp_path / "full.xlsx", {"Roster": ROSTER}).read_bytes()
    path = tmp_path / "roster.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _encrypted_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        build_ole({"EncryptionInfo": b"\x04\x00" * 100, "EncryptedPackage": b"x" * 5000})
    )
    return path


def _old_word_named_docx(tmp_path: Path) -> Path:
    path = tmp_path / "policy.docx"
    path.write_bytes(build_ole({"WordDocument": b"\x00" * 600}))
    return path


def _plain_zip_named_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    return path


def _pdf_named_docx(tmp_path: Path) -> Path:
    path = tmp_path / "memo.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    return path


def _empty_csv(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    return path


def _blank_workbook(tmp_path: Path) -> Path:
    return build_xlsx(tmp_path / "blank.xlsx", {"Sheet1": [], "Sheet2": [[None, None]]})


def _html_named_xls(tmp_path: Path) -> Path:
    path = tmp_path / "report.xls"
    path.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
    return path


def _not_an_email(tmp_path: Path) -> Path:
    path = tmp_path / "note.eml"
    path.write_bytes(b"just some words, no headers at all\n")
    return path


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (_truncated_xlsx, "not a readable .xlsx workbook (damaged or password-protected?)"),
        (
            _encrypted_xlsx,
            "not a readable .xlsx workbook: it is password-protected (encrypted)",
        ),
        (
            _old_word_named_docx,
            "not a .docx Word document: the file is an old-format Word .doc file",
        ),
        (_plain_zip_named_xlsx, "not a .xlsx workbook: the file is a ZIP archive; unzip it"),
        (_pdf_named_docx, "not a .docx Word document: the file is a PDF (rename it to .pdf)"),
        (_empty_csv, "no readable content: the file is empty"),
        (_blank_workbook, "no readable content: every sheet is empty"),
        (_html_named_xls, "not a .xls workbook: the file is a web page (HTML)"),
        (_not_an_email, "not an email message: it has no From, To, Subject or Date line"),
    ],
    ids=lambda value: getattr(value, "__name__", "")[1:] or None,
)
def test_unreadable_files_give_one_line_reasons(
    tmp_path: Path, build: Callable[[Path], Path], expected: str
) -> None:
    assert problem(build(tmp_path)).startswith(expected)


def test_word_file_named_xlsx_is_read_as_word_with_a_warning(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "memo.docx", [("para", "Memo text.")]).rename(
        tmp_path / "memo.xlsx"
    )

    content = read_native(path, SourceFormat.XLSX)

    assert content.source_format is SourceFormat.DOCX
    assert content.warnings == (
        "the file is named .xlsx but holds a .docx Word document, and was read as such",
    )


def test_attachment_bytes_are_read_only_when_the_name_is_a_native() -> None:
    csv_bytes = b"Officer,Badge\nSmith,1234\n"

    assert read_native_bytes("photo.jpg", b"\xff\xd8\xff\xe0") is None
    content = read_native_bytes("roster.csv", csv_bytes)
    assert content is not None and content.pages[0].label == "sheet roster"
    with pytest.raises(NativeProblem):
        read_native_bytes("roster.xlsx", b"PK\x03\x04 damaged")


def _fixtures(tmp_path: Path) -> list[Path]:
    eml = tmp_path / "m.eml"
    eml.write_bytes(build_eml(plain="Body.\n", attachments=[("a.pdf", "application/pdf", b"%PDF")]))
    return [
        build_xlsx(tmp_path / "r.xlsx", {"Roster": ROSTER}),
        build_xls(tmp_path / "r.xls", {"Roster": [["Officer", "Badge"], ["Smith", 1234]]}),
        build_docx(tmp_path / "p.docx", [("heading", "Policy"), ("table", [["a", "b"]])]),
        build_msg(tmp_path / "c.msg", subject="S", body="B", attachment=("a.pdf", b"%PDF")),
        eml,
    ]


@pytest.mark.parametrize("seed", range(4))
def test_damaged_files_never_raise_anything_but_a_native_problem(tmp_path: Path, seed: int) -> None:
    # Library errors on damaged files are many (zipfile, XML, xlrd asserts, olefile);
    # every one must reach the user as a NativeProblem, never a traceback.
    rng = random.Random(seed)
    for original in _fixtures(tmp_path):
        data = original.read_bytes()
        for attempt in range(25):
            damaged = _damage(data, rng, attempt % 3)
            path = tmp_path / f"damaged{original.suffix}"
            path.write_bytes(damaged)
            source_format = native_format(path, damaged[:8192]) or NATIVE_SUFFIXES[path.suffix]
            with contextlib.suppress(NativeProblem):
                read_native(path, source_format)


def _damage(data: bytes, rng: random.Random, how: int) -> bytes:
    """Cut short, random bytes overwritten, or a stretch replaced by noise."""
    at = rng.randrange(len(data))
    if how == 0:
        return data[:at]
    damaged = bytearray(data)
    if how == 1:
        for _ in range(rng.randrange(1, 20)):
            damaged[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(damaged)
    damaged[at : at + rng.randrange(1, 500)] = rng.randbytes(50)
    return bytes(damaged)


def test_reading_a_csv_from_bytes_matches_reading_it_from_disk(tmp_path: Path) -> None:
    data = "Officer\tHours\nSmith\t8\n".encode("utf-16")
    path = tmp_path / "hours.csv"
    path.write_bytes(data)

    from_disk = read(path)

    assert read_native_bytes("hours.csv", data) == from_disk
    assert from_disk.pages[0].tables[0].rows == (("Officer", "Hours"), ("Smith", "8"))

"""Load-file volumes: Concordance DAT + Opticon OPT read into entries, problems and paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from fixturekit.loadfile import STYLES, VolumeDoc, format_row, write_volume
from monell.errors import InputError
from monell.ingest.loadfile import LoadEntry, LoadVolume, find_load_file, read_volume
from monell.ingest.loadfile_dat import ALIAS_INDEX, FIELD_ALIASES, normalize_field_name
from monell.records import FailedFile

SEP, QUAL = STYLES["concordance"]


def _volume(tmp_path: Path, docs: list[VolumeDoc], **options: Any) -> LoadVolume:
    return read_volume(write_volume(tmp_path / "VOL001", docs, **options))


def _fields(entry: LoadEntry) -> dict[str, str]:
    return dict(entry.fields)


def _three_docs() -> list[VolumeDoc]:
    return [
        VolumeDoc("ABC0001", text_pages=["Use of force policy"], custodian="Chief Ruiz"),
        VolumeDoc("ABC0002", text_pages=["Training roster"], custodian="Lt. Pruitt"),
        VolumeDoc("ABC0003", text_pages=["Lesson plan"], custodian="Sgt. Ames"),
    ]


# --- delimiters and encodings -------------------------------------------------------------


def test_concordance_volume_in_utf8_with_bom_reads_every_document(tmp_path: Path) -> None:
    volume = _volume(tmp_path, _three_docs(), encoding="utf-8-sig")

    assert volume.delimiter == "Concordance (0x14 / 0xFE)"
    assert volume.encoding == "utf-8-sig"
    assert [e.begin for e in volume.entries] == ["ABC0001", "ABC0002", "ABC0003"]
    assert [e.row for e in volume.entries] == [1, 2, 3]
    first = volume.entries[0]
    assert _fields(first)["custodian"] == "Chief Ruiz"
    assert first.end == "ABC0001"
    assert first.text_path == str(tmp_path / "VOL001" / "TEXT" / "001" / "ABC0001.txt")
    assert volume.problems == ()
    assert volume.dat_path.endswith(os.path.join("DATA", "VOL001.dat"))


def test_pipe_caret_volume_in_windows_1252_keeps_accented_values(tmp_path: Path) -> None:
    docs = [VolumeDoc("CITY000010", text_pages=["x"], custodian="Peña", fields={"SUBJECT": "Café"})]
    volume = _volume(tmp_path, docs, style="pipe", encoding="cp1252")

    assert volume.delimiter == "pipe-caret (| / ^)"
    assert volume.encoding == "cp1252"
    assert _fields(volume.entries[0])["custodian"] == "Peña"
    assert _fields(volume.entries[0])["subject"] == "Café"


def test_utf8_values_between_single_byte_thorn_qualifiers_stay_utf8(tmp_path: Path) -> None:
    # Some exports write UTF-8 values but the qualifier as the raw byte 0xFE.
    rows = ["þBEGBATESþ\x14þCUSTODIANþ\x14þNOTEþ", "þABC0001þ\x14þPeñaþ\x14þline 1®line 2þ"]
    data = "\r\n".join(rows).encode().replace("þ".encode(), b"\xfe").replace("®".encode(), b"\xae")
    (tmp_path / "VOL001").mkdir()
    (tmp_path / "VOL001" / "VOL001.dat").write_bytes(data)
    volume = read_volume(tmp_path / "VOL001")

    assert volume.encoding == "utf-8"
    assert _fields(volume.entries[0]) == {
        "begin": "ABC0001",
        "custodian": "Peña",
        "note": "line 1\nline 2",
    }


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_volume_with_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    volume = _volume(tmp_path, _three_docs(), encoding=encoding)

    assert volume.encoding == "utf-16"
    assert [e.begin for e in volume.entries] == ["ABC0001", "ABC0002", "ABC0003"]
    assert all(e.text_path for e in volume.entries)


@pytest.mark.parametrize(
    ("style", "description"),
    [
        ("concordance", "Concordance (0x14 / 0xFE)"),
        ("pilcrow", "Concordance, transcoded (¶ / þ)"),  # 0x14 shown as ¶ and saved so
        ("pipe", "pipe-caret (| / ^)"),
        ("comma", "comma-quote"),
        ("tab", "tab-quote"),
    ],
)
def test_the_dialect_is_detected_from_the_header(
    tmp_path: Path, style: str, description: str
) -> None:
    volume = _volume(tmp_path, _three_docs(), style=style)

    assert volume.delimiter == description
    assert [_fields(e)["custodian"] for e in volume.entries] == [
        "Chief Ruiz",
        "Lt. Pruitt",
        "Sgt. Ames",
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_every_line_end_style_splits_rows(tmp_path: Path, newline: str) -> None:
    volume = _volume(tmp_path, _three_docs(), newline=newline)

    assert [e.begin for e in volume.entries] == ["ABC0001", "ABC0002", "ABC0003"]
    assert [len(e.images) for e in volume.entries] == [0, 0, 0]


def test_concordance_newline_mark_becomes_a_newline_in_the_value(tmp_path: Path) -> None:
    # format_row writes "\n" as ®, as Concordance does.
    docs = [VolumeDoc("ABC0001", text_pages=["x"], fields={"ADDRESS": "1 Main St\nRiverton"})]
    volume = _volume(tmp_path, docs)

    assert _fields(volume.entries[0])["address"] == "1 Main St\nRiverton"


def test_a_qualified_value_may_span_lines(tmp_path: Path) -> None:
    docs = [
        VolumeDoc("ABC0001", text_pages=["x"], fields={"NOTE": "first line\nsecond line"}),
        VolumeDoc("ABC0002", text_pages=["y"], fields={"NOTE": "one line"}),
    ]
    volume = _volume(tmp_path, docs, style="pipe")

    assert [_fields(e)["note"] for e in volume.entries] == ["first line\nsecond line", "one line"]
    assert volume.problems == ()


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"He said ""stop"" twice"', 'He said "stop" twice'),  # escaped by doubling
        ('"He said "stop" twice"', 'He said "stop" twice'),  # not escaped: still one value
    ],
)
def test_qualifiers_inside_a_value_are_kept(tmp_path: Path, written: str, value: str) -> None:
    dat = tmp_path / "VOL001" / "VOL001.dat"
    dat.parent.mkdir()
    dat.write_text(f'"BEGBATES","NOTE"\n"ABC0001",{written}\n')

    assert _fields(read_volume(dat.parent).entries[0])["note"] == value


# --- field names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["BEGBATES", "BegBates", "Begin Bates", "BEGDOC", "BEG_BATES#", "ProdBeg", "BEGNO"]
)
def test_the_begin_bates_column_is_found_under_each_vendor_spelling(
    tmp_path: Path, header: str
) -> None:
    volume = _volume(tmp_path, _three_docs(), header_names={"BEGBATES": header})

    assert [e.begin for e in volume.entries] == ["ABC0001", "ABC0002", "ABC0003"]
    assert _fields(volume.entries[0])["begin"] == "ABC0001"


def test_docid_is_the_begin_column_only_as_a_last_resort(tmp_path: Path) -> None:
    docs = [VolumeDoc("ABC0001", text_pages=["x"], fields={"DOCID": "DOC-1"})]
    with_begin = _volume(tmp_path / "a", docs)
    without_begin = _volume(tmp_path / "b", docs, header_names={"BEGBATES": None})

    assert with_begin.entries[0].begin == "ABC0001"
    assert without_begin.entries[0].begin == "DOC-1"


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("End Bates", "end"),
        ("BEGATTACH", "begin_attach"),
        ("Beg Attach", "begin_attach"),
        ("ENDFAMILY", "end_attach"),
        ("PARENT_BATES", "parent"),
        ("All Custodians", "custodian"),
        ("Confidentiality Designation", "confidentiality"),
        ("ORIGINALFILENAME", "file_name"),
        ("DOCTITLE", "title"),
        ("SUBJECT", "subject"),
        ("DATERCVD", "date_received"),
        ("Date-Last-Mod", "date_modified"),
        ("CreateDate", "date_created"),
        ("DATE", "doc_date"),
        ("From", "from"),
        ("AUTHOR", "author"),
        ("Page Count", "page_count"),
        ("Text Link", "text_path"),
        ("OCRPATH", "text_path"),
        ("Native Link", "native_path"),
        ("HASH", "md5"),
        ("SHA1", "sha1"),
    ],
)
def test_field_names_map_to_canonical_names(header: str, canonical: str) -> None:
    assert ALIAS_INDEX[normalize_field_name(header)] == canonical


def test_no_spelling_is_claimed_by_two_canonical_names() -> None:
    spellings = [normalize_field_name(a) for aliases in FIELD_ALIASES.values() for a in aliases]
    assert len(spellings) == len(set(spellings))


def test_unknown_fields_are_kept_under_their_lower_cased_header(tmp_path: Path) -> None:
    docs = [VolumeDoc("ABC0001", text_pages=["x"], fields={"Doc Type": "Lesson Plan"})]

    assert _fields(_volume(tmp_path, docs).entries[0])["doc_type"] == "Lesson Plan"


def test_empty_fields_are_left_out(tmp_path: Path) -> None:
    entry = _volume(tmp_path, [VolumeDoc("ABC0001", text_pages=["x"])]).entries[0]

    assert "custodian" not in _fields(entry)
    assert "native_path" not in _fields(entry)


# --- paths ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slashes", "prefix"),
    [
        ("\\", ""),
        ("/", ""),
        ("\\", ".\\"),
        ("/", "./"),
        ("\\", "VOL001\\"),  # relative to the volume's parent
        ("\\", "D:\\Prod\\VOL001\\"),  # an absolute path on the vendor's machine
        ("\\", "\\\\fileserver\\exports\\"),  # a UNC path
        ("\\", "\\"),  # rooted at the volume
    ],
)
def test_paths_resolve_in_either_slash_style_and_from_any_vendor_root(
    tmp_path: Path, slashes: str, prefix: str
) -> None:
    docs = [VolumeDoc("ABC0001", text_pages=["x"], image_pages=1, native=("a.xlsx", b"PK"))]
    entry = _volume(tmp_path, docs, layout_slashes=slashes, path_prefix=prefix).entries[0]

    root = tmp_path / "VOL001"
    assert entry.text_path == str(root / "TEXT" / "001" / "ABC0001.txt")
    assert entry.native_path == str(root / "NATIVES" / "001" / "ABC0001.xlsx")
    assert entry.images[0].path == str(root / "IMAGES" / "001" / "ABC0001.tif")
    assert entry.missing == ()


def test_paths_resolve_case_insensitively(tmp_path: Path) -> None:
    docs = [VolumeDoc("ABC0001", text_pages=["x"], fields={"TEXTPATH": "text\\001\\abc0001.TXT"})]
    entry = _volume(tmp_path, docs).entries[0]

    assert entry.text_path == str(tmp_path / "VOL001" / "TEXT" / "001" / "ABC0001.txt")


def test_paths_relative_to_the_dat_folder_resolve(tmp_path: Path) -> None:
    docs = [
        VolumeDoc("ABC0001", text_pages=["x"], fields={"TEXTPATH": "..\\TEXT\\001\\ABC0001.txt"})
    ]

    assert _volume(tmp_path, docs).entries[0].text_path is not None


def test_a_path_outside_the_volume_is_never_resolved(tmp_path: Path) -> None:
    (tmp_path / "private.txt").write_text("our own notes")
    docs = [VolumeDoc("ABC0001", fields={"TEXTPATH": "..\\..\\private.txt"})]
    entry = _volume(tmp_path, docs).entries[0]

    assert entry.text_path is None
    assert entry.missing == ("text file ..\\..\\private.txt",)


def test_a_missing_text_file_is_listed_in_missing(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", [VolumeDoc("ABC0001", text_pages=["x"])])
    (root / "TEXT" / "001" / "ABC0001.txt").unlink()
    entry = read_volume(root).entries[0]

    assert entry.text_path is None
    assert entry.missing == ("text file TEXT\\001\\ABC0001.txt",)
    assert _fields(entry)["text_path"] == "TEXT\\001\\ABC0001.txt"  # the raw value is kept


def test_a_second_text_column_is_used_when_the_first_is_missing(tmp_path: Path) -> None:
    docs = [
        VolumeDoc(
            "ABC0001",
            text_pages=["x"],
            fields={"TEXTPATH": "TEXT\\gone.txt", "OCRPATH": "TEXT\\001\\ABC0001.txt"},
        )
    ]
    entry = _volume(tmp_path, docs).entries[0]

    assert entry.text_path == str(tmp_path / "VOL001" / "TEXT" / "001" / "ABC0001.txt")
    assert entry.missing == ()
    assert _fields(entry)["ocrpath"] == "TEXT\\001\\ABC0001.txt"


def test_a_custodians_original_filepath_is_not_a_missing_native(tmp_path: Path) -> None:
    docs = [VolumeDoc("ABC0001", text_pages=["x"], fields={"FILEPATH": "C:\\Users\\jdoe\\a.docx"})]
    entry = _volume(tmp_path, docs, header_names={"NATIVEPATH": None}).entries[0]

    assert entry.native_path is None
    assert entry.missing == ()


def test_extracted_text_written_inline_is_not_a_missing_file(tmp_path: Path) -> None:
    docs = [VolumeDoc("ABC0001", fields={"EXTRACTEDTEXT": "Officers shall use only the force"})]
    entry = _volume(tmp_path, docs, header_names={"TEXTPATH": None}).entries[0]

    assert entry.text_path is None
    assert entry.missing == ()


def test_unreferenced_files_are_listed_and_load_files_are_not(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", _three_docs())
    (root / "TEXT" / "001" / "ABC0099.txt").write_text("orphan")
    (root / "cover letter.pdf").write_bytes(b"%PDF-1.4")
    (root / "DATA" / "VOL001.lfp").write_text("IM,ABC0001")
    (root / "Thumbs.db").write_bytes(b"")
    volume = read_volume(root)

    assert volume.unreferenced == (
        str(root / "TEXT" / "001" / "ABC0099.txt"),
        str(root / "cover letter.pdf"),
    )
    assert str(root / "TEXT" / "001" / "ABC0001.txt") in volume.referenced


# --- OPT images -------------------------------------------------------------------------------


def test_opt_groups_pages_by_doc_break_and_counts_pages_inside_a_multipage_tiff(
    tmp_path: Path,
) -> None:
    docs = [
        VolumeDoc("ABC0001", image_pages=2),
        VolumeDoc("ABC0003", image_pages=3, multipage_image=True),
        VolumeDoc("ABC0006", image_pages=1, image_format="png"),
    ]
    volume = _volume(tmp_path, docs)
    first, multi, png = volume.entries

    assert [(i.key, i.page_in_file, i.doc_break) for i in first.images] == [
        ("ABC0001", 0, True),
        ("ABC0002", 0, False),
    ]
    assert [(i.key, i.page_in_file) for i in multi.images] == [
        ("ABC0003", 0),
        ("ABC0004", 1),
        ("ABC0005", 2),
    ]
    assert {i.path for i in multi.images} == {str(tmp_path / "VOL001/IMAGES/001/ABC0003.tif")}
    with Image.open(multi.images[0].path or "") as tiff:
        assert getattr(tiff, "n_frames", 1) == 3
    assert png.images[0].raw_path == "IMAGES\\001\\ABC0006.png"
    assert [e.warnings for e in volume.entries] == [(), (), ()]
    assert volume.opt_path == str(tmp_path / "VOL001" / "DATA" / "VOL001.opt")


@pytest.mark.parametrize(
    ("doc", "warning"),
    [
        (
            VolumeDoc("ABC0001", image_pages=3, fields={"PAGECOUNT": "4"}),
            "DAT PAGECOUNT 4 but OPT lists 3 page images",
        ),
        (
            VolumeDoc("ABC0001", "ABC0005", image_pages=3),
            "OPT lists 3 page images but the Bates range ABC0001–ABC0005 spans 5 pages",
        ),
    ],
    ids=["dat-pagecount", "bates-range"],
)
def test_page_count_mismatches_are_warnings_not_problems(
    tmp_path: Path, doc: VolumeDoc, warning: str
) -> None:
    volume = _volume(tmp_path, [doc])

    assert volume.entries[0].warnings == (warning,)
    assert len(volume.entries[0].images) == 3
    assert volume.problems == ()


def test_an_opt_page_count_that_disagrees_with_its_rows_is_a_warning(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", [VolumeDoc("ABC0001", image_pages=2)])
    opt = root / "DATA" / "VOL001.opt"
    opt.write_text(opt.read_text().replace(",Y,,,2", ",Y,,,5"))

    warnings = read_volume(root).entries[0].warnings
    assert warnings == ("OPT PageCount 5 at ABC0001 but the OPT lists 2 page images",)


def test_a_missing_page_image_has_no_path_and_is_listed(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", [VolumeDoc("ABC0001", image_pages=2)])
    (root / "IMAGES" / "001" / "ABC0002.tif").unlink()
    entry = read_volume(root).entries[0]

    assert [i.path is None for i in entry.images] == [False, True]
    assert entry.missing == ("page image IMAGES\\001\\ABC0002.tif",)


def test_opt_images_without_a_dat_row_are_one_problem_per_document(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", [VolumeDoc("ABC0001", image_pages=1)])
    opt = root / "DATA" / "VOL001.opt"
    extra = "".join(f"ABC010{n},VOL001,IMAGES\\001\\ABC0001.tif,{'Y' if n == 0 else ''},,,\r\n"
                    for n in range(3))  # fmt: skip
    opt.write_text(opt.read_text() + extra)
    volume = read_volume(root)

    assert volume.problems == (
        FailedFile(
            "VOL001.opt line 2",
            "images ABC0100–ABC0102 in the OPT but no DAT row begins at ABC0100",
        ),
    )
    assert [len(e.images) for e in volume.entries] == [1]


def test_a_missing_doc_break_is_split_at_the_dat_row_with_a_warning(tmp_path: Path) -> None:
    docs = [VolumeDoc("ABC0001", image_pages=2), VolumeDoc("ABC0003", image_pages=2)]
    root = write_volume(tmp_path / "VOL001", docs)
    opt = root / "DATA" / "VOL001.opt"
    opt.write_text(opt.read_text().replace("ABC0003.tif,Y,", "ABC0003.tif,,"))
    first, second = read_volume(root).entries

    assert [i.key for i in first.images] == ["ABC0001", "ABC0002"]
    assert [i.key for i in second.images] == ["ABC0003", "ABC0004"]
    assert second.warnings == (
        "the OPT has no document break (Y) at ABC0003: split at the DAT row",
    )


def test_an_extra_doc_break_inside_a_range_is_attached_by_the_range(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", [VolumeDoc("ABC0001", image_pages=3)])
    opt = root / "DATA" / "VOL001.opt"
    opt.write_text(opt.read_text().replace("ABC0002.tif,,", "ABC0002.tif,Y,"))
    entry = read_volume(root).entries[0]

    assert [i.key for i in entry.images] == ["ABC0001", "ABC0002", "ABC0003"]
    assert entry.warnings[0] == (
        "OPT images ABC0002–ABC0003 have no DAT row of their own: "
        "attached by the Bates range ABC0001–ABC0003"
    )


# --- malformed rows and unusable volumes --------------------------------------------------


def _row(*values: str) -> str:
    return format_row(values)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (
            _row("ABC0002", "ABC0002", "1", "Lt. Pruitt", "", "") + f"{SEP}{QUAL}never closed",
            "unbalanced þ qualifier: a value opens but never closes (line 3)",
        ),
        (_row("ABC0002", "ABC0002", "1"), "3 fields where the header has 7 (line 3)"),
        (_row("", "ABC0002", "1", "", "", "", ""), "no BEGBATES value (line 3)"),
        (_row("ABC0001", "ABC0002", "1", "", "", "", ""), "BEGBATES ABC0001 repeats row 1"),
    ],
    ids=["unbalanced-qualifier", "field-count", "empty-begin", "duplicate-begin"],
)
def test_a_malformed_row_is_a_problem_naming_its_row_and_later_rows_still_parse(
    tmp_path: Path, raw: str, reason: str
) -> None:
    docs = _three_docs()
    docs[1] = VolumeDoc("ABC0002", raw_row=raw)
    volume = _volume(tmp_path, docs)

    assert [e.begin for e in volume.entries] == ["ABC0001", "ABC0003"]
    assert [e.row for e in volume.entries] == [1, 3]
    assert [p.path for p in volume.problems] == ["VOL001.dat row 2"]
    assert volume.problems[0].reason.startswith(reason)


def test_unqualified_rows_resynchronise_at_the_next_bates_number(tmp_path: Path) -> None:
    dat = tmp_path / "VOL001" / "VOL001.dat"
    dat.parent.mkdir()
    dat.write_text('BEGBATES,NOTE\nABC0001,"never closed\nABC0002,fine\n')
    volume = read_volume(dat.parent)

    assert [e.begin for e in volume.entries] == ["ABC0002"]
    assert volume.problems == (
        FailedFile(
            "VOL001.dat row 1",
            'unbalanced " qualifier: a value opens but never closes (line 2)',
        ),
    )


def test_wrong_delimiter_raises_one_line_input_error(tmp_path: Path) -> None:
    (tmp_path / "VOL001").mkdir()
    dat = tmp_path / "VOL001" / "VOL001.dat"
    dat.write_text("BEGBATES;ENDBATES;CUSTODIAN\nABC0001;ABC0001;Ruiz\n")

    with pytest.raises(InputError) as raised:
        read_volume(dat.parent)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"{dat}: wrong delimiter? the header 'BEGBATES;ENDBATES;")
    assert message.endswith("has no 0x14, ¶, |, tab or comma separators")


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"", "the load file is empty: no header row"),
        (b"\r\n\r\n", "the load file is empty: no header row"),
        ("þCUSTODIANþ\x14þTITLEþ\r\n".encode(), "no BEGBATES-like column in the header"),
    ],
    ids=["empty", "blank-lines", "no-begin-column"],
)
def test_an_unusable_dat_raises_input_error_naming_the_file(
    tmp_path: Path, content: bytes, cause: str
) -> None:
    (tmp_path / "VOL001").mkdir()
    (tmp_path / "VOL001" / "VOL001.dat").write_bytes(content)

    with pytest.raises(InputError, match="VOL001.dat: " + cause):
        read_volume(tmp_path / "VOL001")


def test_a_folder_without_a_dat_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no .dat load file"):
        read_volume(tmp_path)


# --- families -------------------------------------------------------------------------------


def test_attachments_name_their_parent(tmp_path: Path) -> None:
    family = {"BEGATTACH": "ABC0001", "ENDATTACH": "ABC0003"}
    docs = [
        VolumeDoc("ABC0001", text_pages=["email"], fields=family),
        VolumeDoc("ABC0002", text_pages=["attachment"], fields=family),
        VolumeDoc("ABC0003", text_pages=["attachment"], fields={"PARENT_BATES": "ABC0001"}),
        VolumeDoc("ABC0004", text_pages=["alone"]),
    ]
    volume = _volume(tmp_path, docs)

    assert [e.parent for e in volume.entries] == [None, "ABC0001", "ABC0001", None]


def test_a_parentid_that_names_a_docid_becomes_the_parents_begin(tmp_path: Path) -> None:
    docs = [
        VolumeDoc("ABC0001", text_pages=["email"], fields={"DOCID": "D1", "PARENTID": ""}),
        VolumeDoc("ABC0002", text_pages=["attachment"], fields={"DOCID": "D2", "PARENTID": "D1"}),
    ]

    assert [e.parent for e in _volume(tmp_path, docs).entries] == [None, "ABC0001"]


def test_attachment_only_family_ranges_do_not_make_the_parent_a_child(tmp_path: Path) -> None:
    # Some vendors' BEGATTACH names the first attachment on the parent's own row.
    docs = [
        VolumeDoc("ABC0001", text_pages=["email"], fields={"BEGATTACH": "ABC0002"}),
        VolumeDoc("ABC0002", text_pages=["attachment"], fields={"BEGATTACH": "ABC0002"}),
    ]

    assert [e.parent for e in _volume(tmp_path, docs).entries] == [None, None]


# --- finding the load file -------------------------------------------------------------------


def test_find_load_file_looks_in_the_folder_then_one_level_down(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", _three_docs())

    assert find_load_file(root) == root / "DATA" / "VOL001.dat"
    assert find_load_file(root / "DATA") == root / "DATA" / "VOL001.dat"
    assert find_load_file(root / "TEXT") is None


def test_a_folder_of_volumes_is_not_itself_a_volume(tmp_path: Path) -> None:
    for name in ("VOL001", "VOL002"):
        (tmp_path / "PROD" / name).mkdir(parents=True)
        (tmp_path / "PROD" / name / f"{name}.dat").write_text("x")

    assert find_load_file(tmp_path / "PROD") is None
    assert find_load_file(tmp_path / "PROD" / "VOL002") == tmp_path / "PROD/VOL002/VOL002.dat"


def test_find_load_file_prefers_the_dat_named_after_the_folder(tmp_path: Path) -> None:
    root = write_volume(tmp_path / "VOL001", _three_docs())
    (root / "DATA" / "VOL001_natives.dat").write_text("x")

    assert find_load_file(root) == root / "DATA" / "VOL001.dat"


def test_find_load_file_refuses_several_dats_none_named_after_the_folder(tmp_path: Path) -> None:
    (tmp_path / "PROD").mkdir()
    for name in ("a.dat", "b.dat"):
        (tmp_path / "PROD" / name).write_text("x")

    with pytest.raises(InputError, match=r"several load files \(a.dat, b.dat\)"):
        find_load_file(tmp_path / "PROD")


def test_reading_a_volume_writes_nothing_and_repeats_exactly(tmp_path: Path) -> None:
    root = write_volume(
        tmp_path / "VOL001", [VolumeDoc("ABC0001", text_pages=["x"], image_pages=2)]
    )
    before = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*"))

    assert read_volume(root) == read_volume(root)
    assert sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*")) == before

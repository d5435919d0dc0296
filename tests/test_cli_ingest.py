"""``monell ingest``, ``monell status`` and ``monell docs`` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FakeModels, FakeOcr, MakePdf

from fixturekit.pages import PageSpec, stamped_pages
from monell.cli import main
from monell.ingest import run as ingest_run

LEGEND = "CONFIDENTIAL - SUBJECT TO PROTECTIVE ORDER"


@pytest.fixture(autouse=True)
def fake_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI tests use fake OCR and models; the real ones are covered in their own tests."""
    monkeypatch.setattr(ingest_run, "ocr_with_tesseract", FakeOcr(stamp="RIV0000005"))
    monkeypatch.setattr("monell.cli.ingest.tesseract_installed", lambda: True)
    for module in ("monell.cli.ingest", "monell.cli.index"):
        monkeypatch.setattr(f"{module}.case_models", lambda case, workers=1: FakeModels())


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def volumes(make_pdf: MakePdf) -> tuple[Path, Path]:
    make_pdf("prod/VOL001/RIV0000001.pdf", stamped_pages("RIV", 1, 4, legend=LEGEND))
    make_pdf("prod/VOL001/RIV0000005.pdf", [PageSpec(image_only=True)])
    make_pdf("prod/VOL002/RIV0000009.pdf", stamped_pages("RIV", 9, 3))  # 6-8 withheld
    make_pdf("prod/VOL002/RIV0000011.pdf", stamped_pages("RIV", 11, 1))  # stamped twice
    return Path("prod/VOL001"), Path("prod/VOL002")


def test_ingest_two_volumes_then_status_shows_ranges_ocr_gaps_and_duplicates(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    vol1, vol2 = volumes
    code, out, _ = invoke("ingest", "--case", str(case_dir), str(vol1), "--workers", "1")
    assert code == 0
    assert out.splitlines() == [
        "VOL001: 2 document(s) added (5 pages, 1 OCR'd).",
        "Indexed 2 document(s): 5 passage(s).",
    ]
    code, out, _ = invoke(
        "ingest", "--case", str(case_dir), str(vol2), "--production", "VOL002", "--workers", "1"
    )
    assert code == 0
    status = json.loads(invoke("status", "--case", str(case_dir), "--json")[1])
    assert status["case"]["incident_date"] == "2021-06-14"
    first, second = status["productions"]
    assert (first["label"], first["documents"], first["pages"], first["ocr_pages"]) == (
        "VOL001",
        2,
        5,
        1,
    )
    assert (first["bates_begin"], first["bates_end"]) == ("RIV0000001", "RIV0000005")
    assert (second["bates_begin"], second["bates_end"]) == ("RIV0000009", "RIV0000011")
    assert status["bates_gaps"] == [
        {
            "prefix": "RIV",
            "after": "RIV0000005",
            "before": "RIV0000009",
            "missing": 3,
            "after_production": "VOL001",
            "before_production": "VOL002",
        }
    ]
    assert [d["bates"] for d in status["bates_duplicates"]] == ["RIV0000011"]


def test_reingest_is_a_no_op_and_says_so(case_dir: Path, volumes: tuple[Path, Path]) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    code, out, _ = invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    assert code == 0
    assert out.splitlines() == [
        "VOL001: 0 document(s) added (0 pages), 2 already in the case (skipped).",
        "Indexed 0 document(s): 0 passage(s).",
    ]


def test_bad_files_print_one_line_each_exit_1_and_keep_prior_data(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    bad = Path("bad")
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    code, out, err = invoke("ingest", "--case", str(case_dir), str(bad), "--workers", "1")
    assert code == 1
    lines = err.strip().splitlines()
    broken, empty = (bad / "broken.pdf").resolve(), (bad / "empty.pdf").resolve()
    assert lines == [
        f"FAILED {broken}: corrupt or damaged PDF (its structure cannot be read)",
        f"FAILED {empty}: empty file (0 bytes)",
    ]
    status = json.loads(invoke("status", "--case", str(case_dir), "--json")[1])
    assert status["productions"][0]["documents"] == 2
    assert [f["reason"] for f in status["productions"][1]["failed"]][1] == "empty file (0 bytes)"


def test_missing_path_fails_before_anything_is_stored(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    code, _, err = invoke(
        "ingest", "--case", str(case_dir), str(volumes[0]), "nope", "--workers", "1"
    )
    assert code == 1
    assert err.strip() == "Error: nope: no such file or folder"
    assert json.loads(invoke("status", "--case", str(case_dir), "--json")[1])["productions"] == []


def test_unknown_ocr_mode_is_a_usage_error(case_dir: Path, volumes: tuple[Path, Path]) -> None:
    code, _, err = invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--ocr", "maybe")
    assert code == 2 and "'maybe' is not one of 'auto', 'off', 'force'" in err


def test_docs_lists_each_document_with_its_reading_method(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    docs = json.loads(invoke("docs", "--case", str(case_dir), "--json")[1])
    assert [
        (d["file_name"], d["pages"], d["bates_begin"], d["bates_end"], d["method_summary"])
        for d in docs
    ] == [
        ("RIV0000001.pdf", 4, "RIV0000001", "RIV0000004", "text 4"),
        ("RIV0000005.pdf", 1, "RIV0000005", "RIV0000005", "ocr 1"),
    ]


def test_case_file_settings_apply_unless_a_flag_overrides(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    (case_dir / "case.toml").write_text('[ingest]\nocr = "off"\nworkers = 1\n')
    invoke("ingest", "--case", str(case_dir), str(volumes[0]))
    status = json.loads(invoke("status", "--case", str(case_dir), "--json")[1])
    assert (status["productions"][0]["ocr_pages"], status["productions"][0]["needs_ocr_pages"]) == (
        0,
        1,
    )


def test_a_broken_case_file_is_named_in_the_error(case_dir: Path) -> None:
    (case_dir / "case.toml").write_text("[ingest\n")
    code, _, err = invoke("status", "--case", str(case_dir))
    assert code == 1 and "case.toml: cannot read case settings" in err


def test_search_returns_cited_passages_as_json(case_dir: Path, volumes: tuple[Path, Path]) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    code, out, _ = invoke(
        "search", "objectively reasonable force", "--k", "3", "--json", "--case", str(case_dir)
    )
    assert code == 0
    result = json.loads(out)
    assert result["query"] == "objectively reasonable force"
    first = result["results"][0]
    assert {"passage_id", "file", "page", "bates", "doc_type", "heading", "text", "score"} <= set(
        first
    )
    assert first["bates"].startswith("RIV") and first["file"].endswith("RIV0000001.pdf")


def test_search_rejects_an_unknown_type_as_a_usage_error(case_dir: Path) -> None:
    code, _, err = invoke("search", "force", "--type", "memo", "--case", str(case_dir))
    assert code == 2 and "'memo' is not one of" in err


def test_a_type_set_by_hand_survives_a_full_reindex(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    code, out, _ = invoke("docs", "set-type", "1", "lesson_plan", "--case", str(case_dir))
    assert (code, out.strip()) == (0, "Document 1: type lesson_plan.")
    code, out, _ = invoke("reindex", "--full", "--case", str(case_dir))
    assert code == 0 and "analysed 2 document(s)" in out
    docs = json.loads(invoke("docs", "--json", "--case", str(case_dir))[1])
    assert (docs[0]["doc_type"], docs[0]["doc_type_overridden"]) == ("lesson_plan", True)


def test_set_type_on_a_missing_document_is_an_error(case_dir: Path) -> None:
    code, _, err = invoke("docs", "set-type", "99", "policy", "--case", str(case_dir))
    assert code == 1 and "no document with id 99" in err


def test_removing_a_document_takes_it_out_of_search(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    code, out, _ = invoke("docs", "remove", "1", "--yes", "--case", str(case_dir))
    assert code == 0 and out.startswith("Removed document 1")
    result = json.loads(
        invoke("search", "objectively reasonable", "--json", "--case", str(case_dir))[1]
    )
    assert all(not r["file"].endswith("RIV0000001.pdf") for r in result["results"])


def test_issue_3_search_rebuilds_a_deleted_faiss_file(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    faiss_file = case_dir / "indexes" / "passages.faiss"
    faiss_file.unlink()
    code, out, _ = invoke("search", "objectively reasonable", "--json", "--case", str(case_dir))
    assert code == 0 and json.loads(out)["results"]
    assert faiss_file.is_file()
    code, out, _ = invoke("reindex", "--case", str(case_dir))
    assert code == 0
    assert out.startswith(
        "Index (exact) consistent with the case; analysed 0 document(s), 0 passage(s)"
    )


def test_docs_subcommands_take_the_case_given_to_the_group(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    code, out, _ = invoke("docs", "--case", str(case_dir), "set-type", "2", "training_log")
    assert (code, out.strip()) == (0, "Document 2: type training_log.")


def test_status_says_how_much_of_the_case_search_can_see(
    case_dir: Path, volumes: tuple[Path, Path]
) -> None:
    invoke("ingest", "--case", str(case_dir), str(volumes[0]), "--workers", "1")
    index = json.loads(invoke("status", "--case", str(case_dir), "--json")[1])["index"]
    assert (index["documents_indexed"], index["documents_pending"]) == (2, 0)
    assert index["passages"] > 0


@pytest.fixture
def real_model_resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo the fake models for one test: the real resolver reads case.toml [models]."""
    from monell.app.session import case_models
    from monell.cli import index as index_cli

    monkeypatch.setattr(index_cli, "case_models", case_models)


@pytest.mark.usefixtures("real_model_resolver")
def test_a_missing_embedding_model_is_named_before_any_work(case_dir: Path) -> None:
    (case_dir / "case.toml").write_text('[models]\nembedding = "/no/such/model"\n')
    code, _, err = invoke("search", "force", "--case", str(case_dir))
    assert code == 1
    assert (
        err.strip() == "Error: /no/such/model: no sentence-transformers model found in this folder"
    )


@pytest.mark.usefixtures("real_model_resolver")
def test_an_unknown_precision_is_refused(case_dir: Path) -> None:
    (case_dir / "case.toml").write_text('[models]\nprecision = "fp8"\n')
    code, _, err = invoke("reindex", "--case", str(case_dir))
    assert code == 1 and "unknown model precision 'fp8' (allowed: auto, float32, bfloat16)" in err


def test_without_tesseract_on_the_path_the_ingest_warns_and_still_loads_the_volume(
    case_dir: Path, volumes: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from monell.ingest import ocr

    monkeypatch.setattr("monell.cli.ingest.tesseract_installed", ocr.tesseract_installed)
    monkeypatch.setenv("PATH", str(tmp_path / "no-binaries-here"))  # ...with no tesseract
    assert not ocr.tesseract_installed()
    code, out, err = invoke("ingest", "--case", str(case_dir), str(volumes[0]))
    assert code == 0 and "2 document(s) added" in out, err
    assert err.count("Warning: tesseract is not installed") == 1
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "tesseract").write_text("#!/bin/sh\n")
    (tmp_path / "bin" / "tesseract").chmod(0o755)
    assert ocr.tesseract_installed()

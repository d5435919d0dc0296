"""Where a cold ``monell ingest`` spends its time (issue 21): one run under cProfile.

Usage:
    python -m scripts.profile_ingest CASE FILE [--production LABEL] [--dump STATS] [--cpu]

Runs ``monell ingest --case CASE FILE`` in this fresh process under cProfile and prints
the wall time of the import, of the whole command, and the cumulative seconds of its
stages (extraction, indexing, model loads, the FAISS file, the change snapshot: coverage,
its segments, detection, courses, the SQL reads), with the peak memory. Adds FILE to the
case: run it on a copy, or on a case grown by ``scripts.bench_big_case``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import time

STAGES = (  # (module path under src/monell/, function): what the breakdown shows, in order
    ("ingest/run.py", "ingest_paths"),
    ("index/update.py", "update_index"),
    ("resources.py", "load_spacy"),
    ("index/embedders.py", "load_embedder"),
    ("index/update.py", "_annotate_wave"),
    ("index/update.py", "open_vector_index"),
    ("index/vectors.py", "save"),
    ("app/snapshots.py", "take_snapshot"),
    ("resources.py", "load_spacy_lemmas"),
    ("app/session.py", "topic_detector"),
    ("coverage/run.py", "assess_coverage"),
    ("store/coverage.py", "coverage_passages"),
    ("coverage/segments.py", "build_segments"),
    ("coverage/run.py", "detect_hits"),
    ("coverage/detect.py", "exemplars"),
    ("coverage/detect.py", "detect"),
    ("coverage/courses.py", "build_courses"),
    ("coverage/detect.py", "topics_named"),
    ("coverage/courses.py", "with_topics"),
    ("coverage/run.py", "searched_documents"),
    ("complaints/run.py", "assess_complaints"),
    ("app/session.py", "flags"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case")
    parser.add_argument("file")
    parser.add_argument("--production", default="PROFILE")
    parser.add_argument("--dump", help="also write the raw cProfile stats to this file")
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU seconds of this process (all its threads)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    from monell.cli import main as monell

    imported = time.perf_counter() - start
    profile = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
    profile.enable()
    try:
        monell(
            ["ingest", "--case", args.case, args.file, "--production", args.production],
            standalone_mode=False,
        )
    finally:
        profile.disable()
        if args.dump:
            profile.dump_stats(args.dump)
    total = time.perf_counter() - start
    seconds: dict[tuple[str, str], float] = {}
    for (path, _, name), row in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        key = (path.split("src/monell/")[-1], name)
        if key in STAGES:
            seconds[key] = max(seconds.get(key, 0.0), row[3])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import monell.cli {imported:.2f} s; whole command {total:.2f} s; peak {peak:,.0f} MB")
    for key in STAGES:
        if key in seconds:
            print(f"{seconds[key]:8.2f} s  {key[0]}:{key[1]}")


if __name__ == "__main__":
    main()

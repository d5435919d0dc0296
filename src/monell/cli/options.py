"""Options shared by many commands, as decorators (so they are spelled the same everywhere)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click
from rich.console import Console

from monell.app.workspace import Case, open_case
from monell.config import EXECUTORS, IngestOptions

F = TypeVar("F", bound=Callable[..., Any])
OUTPUT_WIDTH = 160


case_dir_option = click.option(
    "--case",
    "case_dir",
    type=click.Path(path_type=Path),
    envvar="MONELL_CASE",
    default=".",
    show_default="MONELL_CASE or the current folder",
    help="The case folder created by `monell init`.",
)


def hand_case_to_subcommands(ctx: click.Context, case_dir: Path) -> None:
    """`monell docs --case X set-type …`: a group given --case passes it on to the
    subcommand it runs (which opens the case itself) as that subcommand's default."""
    group = ctx.command
    if ctx.get_parameter_source("case_dir") is not click.core.ParameterSource.DEFAULT:
        names = group.commands if isinstance(group, click.Group) else {}
        ctx.default_map = {name: {"case_dir": str(case_dir)} for name in names}


def case_option(command: F) -> F:
    """Add ``--case DIR`` (else ``MONELL_CASE``, else the current folder) and pass ``case``."""

    @case_dir_option
    @functools.wraps(command)
    def wrapper(*args: Any, case_dir: Path, **kwargs: Any) -> Any:
        with open_case(case_dir) as case:
            return command(*args, case=case, **kwargs)

    return cast(F, wrapper)


def echo_err(message: str) -> None:
    """Write a message for the person at the terminal to stderr (stdout stays clean for --json)."""
    click.echo(message, err=True)


def json_option(command: F) -> F:
    """Add ``--json``: write only JSON to stdout, for scripts and other tools."""
    return click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")(command)


def output_console() -> Console:
    """Tables on stdout; wide when piped to a file, where no terminal sets the width."""
    console = Console()
    return console if console.is_terminal else Console(width=OUTPUT_WIDTH)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def ingest_options(case: Case, **flags: Any) -> IngestOptions:
    """Flag > case.toml [ingest] > default; the budgets per file come from [limits]."""
    return case.config.ingest.options(limits=case.config.limits, **flags)


def executor_options(command: F) -> F:
    """``--workers``, ``--executor`` and ``--scheduler``: where per-document work runs."""
    for option in reversed(
        [
            click.option(
                "--workers",
                type=click.IntRange(min=0),
                default=None,
                help="Worker processes (0 = all cores).",
            ),
            click.option(
                "--executor",
                type=click.Choice(EXECUTORS),
                default=None,
                help="local: this machine's cores (default); dask: the cluster at --scheduler.",
            ),
            click.option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
        ]
    ):
        command = option(command)
    return command

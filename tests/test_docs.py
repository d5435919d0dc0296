"""Every command is documented: help with an Example, and a mention in the README."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from monell.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_appears_in_the_readme(name: str) -> None:
    assert f"monell {name}" in README.read_text()


def test_readme_opens_with_the_two_commands() -> None:
    blocks = README.read_text().split("```")
    assert blocks[1].strip().splitlines()[-2:] == ["make demo", "make test"]


def test_every_command_is_a_click_command() -> None:
    assert all(isinstance(c, click.Command) for c in main.commands.values())


def test_golden_regeneration_flag_is_off() -> None:
    assert not os.environ.get("MONELL_REGEN_GOLDEN")

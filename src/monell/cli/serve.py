"""``monell serve``: the local review web page for paralegals (see docs/REVIEW_APP.md)."""

from __future__ import annotations

from pathlib import Path

import click

from monell.cli.options import case_dir_option
from monell.web.security import Guard, check_bind_host, is_loopback

DEFAULT_PORT = 8765


@click.command()
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="The port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on: this machine only, unless --allow-remote.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host that other machines can reach (anyone with the link can review).",
)
@case_dir_option
def serve(case_dir: Path, port: int, host: str, allow_remote: bool) -> None:
    """Open the review web page: flags with their evidence beside the cited pages,
    decisions (written to the same audit log as `monell review decide`), coverage,
    complaints, search and changes. Open the printed link in a browser; Ctrl+C stops it.

    Example:

        monell serve --case cases/doe-v-riverton --port 8765
    """
    from monell.web.app import create_app, warm_up
    from monell.web.server import check_free, review_url, run_until_interrupted, start_server

    check_bind_host(host, allow_remote)
    check_free(host, port)  # before the analysis, not after it
    remote = not is_loopback(host)
    if remote:
        click.echo(f"Warning: serving on {host}: other machines can reach the case.", err=True)
    guard = Guard(allow_remote=remote)
    app = create_app(case_dir, guard=guard)
    click.echo("Analysing the case (again only when the case changes)...", err=True)
    warm_up(app)
    server = start_server(app, host, port)
    click.echo(f"Review page: {review_url(host, server.server_port, guard.token)}")
    click.echo("Keep the link private: it opens the case until Ctrl+C stops the server.", err=True)
    run_until_interrupted(server)
    click.echo("Stopped.", err=True)

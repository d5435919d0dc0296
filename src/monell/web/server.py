"""Serving the review app: bind the address, print the link, run until Ctrl+C.

werkzeug's threaded server: each request in its own thread (each opens its own
connection to the case), enough for a handful of reviewers on one machine.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from monell.errors import InputError


class PrivateRequestHandler(WSGIRequestHandler):
    """Logs each request by its path only: the token in the first link never reaches a log."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(getattr(self, "path", "")).path
        self.log("info", '"%s %s" %s %s', getattr(self, "command", "-"), path, code, size)


def start_server(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """Bind ``host:port`` (port 0: any free one); a taken port is a one-line error."""
    check_free(host, port)
    try:
        return make_server(host, port, app, threaded=True, request_handler=PrivateRequestHandler)
    except (OSError, SystemExit) as error:  # werkzeug exits on a taken port
        raise InputError(f"cannot listen on {host}:{port}: {_reason(error)}") from None


def check_free(host: str, port: int) -> None:
    """Refuse a taken port before anything else is done (werkzeug would print its own
    two lines and exit)."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind((host, port))
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return "address already in use" if isinstance(error, SystemExit) else str(error)


def review_url(host: str, port: int, token: str) -> str:
    """The link a reviewer opens: it carries the run's token (dropped after the first visit)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def run_until_interrupted(server: BaseWSGIServer) -> None:
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

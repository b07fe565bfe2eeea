"""A real HTTP server on 127.0.0.1, on a free port, serving registry files for the tests."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Iterator, Mapping

#: What a path serves: (HTTP status, body, how), where how is "" or "truncate" (send
#: half the body after announcing all of it, then close the connection), "redirect"
#: (the body is the Location to send, with the status), or "trickle" (announce the
#: body, then send it a byte every half second).
Route = tuple[int, bytes, str]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: RegistryServer

    def do_GET(self) -> None:
        status, body, how = self.server.routes.get(self.path, (404, b"not here", ""))
        if how == "redirect":
            self.send_response(status)
            self.send_header("Location", body.decode())
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if how == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if how == "trickle":
            for byte in body:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return  # the client gave up
                time.sleep(0.5)
            return
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


class RegistryServer(http.server.ThreadingHTTPServer):
    routes: Mapping[str, Route]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextlib.contextmanager
def serving(routes: Mapping[str, Route]) -> Iterator[RegistryServer]:
    """Serve ``routes`` from a thread for the duration of the ``with`` block."""
    httpd = RegistryServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.routes = routes
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()

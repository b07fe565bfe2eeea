"""Downloading the registry over HTTP(S): one deadline, one size limit, no other scheme.

:func:`download` fetches a URL for :func:`portreg.refresh`:

- only ``https:`` and ``http:`` URLs, and redirects only to those (urllib alone would
  also follow ``ftp:``, and would read ``file:`` and ``data:`` URLs given directly);
- one deadline for the whole download, connecting, headers, redirects and body
  alike: when it passes, the connection is shut down, however the server trickles;
- a body larger than the size limit, or shorter than announced, is refused.

Failures raise :class:`DownloadError` with a one-line reason, which refresh reports.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from typing import TYPE_CHECKING

from portreg._version import __version__
from portreg.errors import InputTypeError

if TYPE_CHECKING:
    import http.client
    import socket
    import urllib.request

__all__ = [
    "ALLOWED_SCHEMES",
    "MAX_TIMEOUT",
    "DownloadError",
    "checked_timeout",
    "checked_url",
    "download",
]

#: The URL schemes a refresh downloads from.
ALLOWED_SCHEMES = ("https", "http")
#: The longest deadline accepted, in seconds: a day.
MAX_TIMEOUT = 24 * 60 * 60.0
_CHUNK = 1 << 16


class DownloadError(Exception):
    """A download that did not complete; the message is the reason, one line."""


def checked_timeout(timeout: object) -> float:
    """``timeout`` as a float, or an error saying what is accepted."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise InputTypeError(
            f"timeout must be a number of seconds (int or float); got {timeout!r} "
            f"({type(timeout).__name__})"
        )
    seconds = float(timeout)
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_TIMEOUT:
        raise DownloadError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}; "
            f"got {timeout!r}"
        )
    return seconds


def checked_url(url: str) -> str:
    """``url`` if it is an ``https:`` or ``http:`` URL with a host, else DownloadError."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise DownloadError(f"cannot download {url!r}: {exc}") from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise DownloadError(
            f"cannot download {url!r}: only https: and http: URLs are accepted"
            + (f"; got a {parts.scheme}: URL" if parts.scheme else "")
        )
    if not parts.hostname:
        raise DownloadError(f"cannot download {url!r}: the URL names no host")
    return url


class _Deadline:
    """Shuts down every connection of a download when the deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.passed = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0 or self.passed:
            self.passed = True
            raise DownloadError("")  # replaced by the caller's wording
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.passed:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        import socket as socket_module

        with contextlib.suppress(OSError):
            sock.shutdown(socket_module.SHUT_RDWR)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener for http and https only, whose connections the deadline can shut."""
    import http.client
    import urllib.request
    from http.client import HTTPMessage
    from typing import IO
    from urllib.parse import urljoin

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.timeout = deadline.remaining()
            super().connect()
            deadline.watch(self.sock)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(SecureConnection, req)

    class Redirects(urllib.request.HTTPRedirectHandler):
        def http_error_302(  # and 301, 303, 307, 308 below: every redirect
            self,
            req: urllib.request.Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: HTTPMessage,
        ) -> object:
            location = headers.get("location") or headers.get("uri")
            if location:
                _refuse_redirect(req.full_url, urljoin(req.full_url, location))
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: object,
            code: int,
            msg: str,
            headers: object,
            newurl: str,
        ) -> urllib.request.Request | None:
            _refuse_redirect(req.full_url, newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]

    def _refuse_redirect(url: str, target: str) -> None:
        try:
            checked_url(target)
        except DownloadError:
            raise DownloadError(
                f"{url} redirects to {target!r}, which is not an https: or http: URL; refused"
            ) from None

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        Plain(),
        Secure(),
        urllib.request.HTTPDefaultErrorHandler(),
        Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def download(url: str, timeout: float, limit: int) -> bytes:
    """The body at ``url``, all of it within ``timeout`` seconds and ``limit`` bytes."""
    import http.client
    import socket
    import urllib.error
    import urllib.request

    checked_url(url)
    deadline = _Deadline(timeout)
    late = f"{url} did not send the registry within {timeout:g} seconds"
    expected: int | None = None
    try:
        with deadline:
            request = urllib.request.Request(url, headers={"User-Agent": f"portreg/{__version__}"})
            with _opener(deadline).open(request, timeout=deadline.remaining()) as response:
                announced = response.headers.get("Content-Length")
                expected = int(announced) if announced and announced.isdigit() else None
                if expected is not None and expected > limit:
                    raise DownloadError(_too_large(url, limit))
                body = _read_body(response, limit, deadline)
            if deadline.passed:
                raise DownloadError(late)
    except DownloadError:
        if deadline.passed:
            raise DownloadError(late) from None
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DownloadError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if deadline.passed or isinstance(exc.reason, (socket.timeout, TimeoutError)):
            raise DownloadError(late) from None
        if isinstance(exc.reason, DownloadError):
            raise exc.reason from None
        raise DownloadError(f"cannot reach {url}: {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        if deadline.passed:
            raise DownloadError(late) from None
        raise DownloadError(
            f"{url} sent {len(exc.partial):,} bytes and stopped before the end (truncated)"
        ) from None
    except (socket.timeout, TimeoutError):
        raise DownloadError(late) from None
    except (http.client.HTTPException, OSError) as exc:
        if deadline.passed:
            raise DownloadError(late) from None
        raise DownloadError(f"downloading {url} failed: {exc}") from None
    except ValueError as exc:  # urllib's word for a URL it cannot use
        raise DownloadError(f"cannot download {url!r}: {exc}") from None
    if body is None:
        raise DownloadError(_too_large(url, limit))
    if expected is not None and len(body) != expected:
        raise DownloadError(
            f"{url} sent {len(body):,} of the {expected:,} bytes it announced (truncated)"
        )
    return body


def _read_body(response: http.client.HTTPResponse, limit: int, deadline: _Deadline) -> bytes | None:
    """The body, or ``None`` past ``limit``; each read returns after one receive, so the
    deadline is checked however slowly the bytes come."""
    chunks: list[bytes] = []
    total = 0
    while True:
        deadline.remaining()
        chunk = response.read1(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def _too_large(url: str, limit: int) -> str:
    return (
        f"{url} is larger than the limit of {limit:,} bytes; "
        "raise it with --max-bytes (or PORTREG_MAX_BYTES) if that is expected"
    )

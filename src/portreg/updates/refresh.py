"""Refreshing the registry from IANA, on request only.

:func:`refresh` (and ``portreg refresh``) downloads IANA's registry, checks it, and
writes it to the user's cache (see :mod:`portreg.cache`):

1. download from :data:`DEFAULT_URL`, or the URL given (or ``$PORTREG_REFRESH_URL``),
   refusing a body larger than the size limit or shorter than announced;
2. parse it completely, as :meth:`~portreg.Registry.from_file` does;
3. refuse it if its registry date is older than the registry in use, or than the
   registry already cached;
4. write it atomically over the cached file.

Any failure raises :class:`RefreshError` with a one-line message, and leaves the cache
and the registry in use exactly as they were. Nothing else in portreg touches the
network. The refreshed registry is answered from only if the user opted in
(``PORTREG_USE_CACHE=1`` or :func:`portreg.use_cache`).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import attrs

from portreg import _data
from portreg._public import public
from portreg._version import __version__
from portreg.errors import DataError, RefreshError
from portreg.lookups.in_use import answer_from_refreshed, registry
from portreg.lookups.registry import Registry
from portreg.sources.cache import cached_registry_path, write_atomically, write_origin
from portreg.sources.files import max_bytes_allowed, parse_registry, read_at_most

__all__ = ["DEFAULT_URL", "URL_VARIABLE", "RefreshError", "RefreshResult", "refresh"]

#: Where IANA publishes the registry's XML.
DEFAULT_URL = (
    "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml"
)
URL_VARIABLE = "PORTREG_REFRESH_URL"


@public
@attrs.frozen
class RefreshResult:
    """What a successful :func:`portreg.refresh` did."""

    #: The registry that was downloaded.
    registry: Registry = attrs.field(eq=False)
    #: Where it is cached.
    path: Path
    #: The URL it came from.
    url: str
    #: The date of the registry it replaced in the cache, if there was one.
    previous_date: datetime.date | None
    #: Whether the cached file changed (``False`` when it was already this file).
    changed: bool
    #: Whether the refreshed registry is now the one in use (the user opted in).
    in_use: bool

    def __str__(self) -> str:
        updated = self.registry.provenance.registry_updated
        what = (
            f"cached IANA registry {updated} ({len(self.registry):,} records) in {self.path}"
            if self.changed
            else f"already up to date: IANA registry {updated} in {self.path}"
        )
        use = (
            "it is in use"
            if self.in_use
            else "set PORTREG_USE_CACHE=1 (or call portreg.use_cache()) to answer from it"
        )
        return f"{what}; {use}"


@public
def refresh(
    url: str | None = None,
    *,
    timeout: float = 60.0,
    max_bytes: int | None = None,
    cache_directory: Path | None = None,
) -> RefreshResult:
    """Download IANA's registry, check it and cache it; see the module's description.

    Raises :class:`portreg.RefreshError` (one line, saying what went wrong) on any failure,
    having changed nothing.
    """
    chosen_url = url or os.environ.get(URL_VARIABLE, "").strip() or DEFAULT_URL
    try:
        limit = max_bytes_allowed(max_bytes)
    except DataError as exc:
        raise _failed(str(exc)) from None
    body = _download(chosen_url, timeout, limit)
    try:
        parsed = parse_registry(body, chosen_url, max_bytes=limit)
    except DataError as exc:
        raise _failed(f"the download is not a complete registry: {exc}") from None
    fresh = Registry.from_parsed(parsed, chosen_url)
    fresh_date = parsed.updated
    if fresh_date is None:
        raise _failed(f"{chosen_url} has no registry date, so it cannot be checked as current")
    path = cached_registry_path(cache_directory)
    previous = _cached_date_and_sha256(path)
    _refuse_if_older(fresh_date, previous[0] if previous else None, "the cached registry")
    _refuse_if_older(fresh_date, _date_in_use(), "the registry in use")
    changed = previous is None or previous[1] != parsed.sha256
    if changed:
        try:
            write_atomically(path, body)
        except OSError as exc:
            raise _failed(f"cannot write {path}: {exc.strerror or exc}") from None
    fetched = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    write_origin(path.parent, url=chosen_url, sha256=parsed.sha256, fetched=fetched)
    now_in_use = answer_from_refreshed(fresh)
    return RefreshResult(
        registry=fresh,
        path=path,
        url=chosen_url,
        previous_date=previous[0] if previous else None,
        changed=changed,
        in_use=now_in_use,
    )


def _failed(reason: str) -> RefreshError:
    one_line = " ".join(reason.split())
    return RefreshError(f"refresh failed, nothing was changed: {one_line}")


def _download(url: str, timeout: float, limit: int) -> bytes:
    # Imported here: the HTTP machinery costs more to import than all of portreg.
    import http.client
    import socket
    import urllib.error
    import urllib.request

    try:
        request = urllib.request.Request(url, headers={"User-Agent": f"portreg/{__version__}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            announced = response.headers.get("Content-Length")
            expected = int(announced) if announced and announced.isdigit() else None
            if expected is not None and expected > limit:
                raise _failed(_too_large(url, limit))
            body = read_at_most(response, limit)
    except RefreshError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _failed(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise _failed(f"cannot reach {url}: {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        raise _failed(
            f"{url} sent {len(exc.partial):,} bytes and stopped before the end (truncated)"
        ) from None
    except (socket.timeout, TimeoutError):
        raise _failed(f"{url} did not answer within {timeout:g} seconds") from None
    except (http.client.HTTPException, OSError) as exc:
        raise _failed(f"downloading {url} failed: {exc}") from None
    except ValueError as exc:  # urllib's word for a URL it cannot use
        raise _failed(f"cannot download {url!r}: {exc}") from None
    if body is None:
        raise _failed(_too_large(url, limit))
    if expected is not None and len(body) != expected:
        raise _failed(
            f"{url} sent {len(body):,} of the {expected:,} bytes it announced (truncated)"
        )
    return body


def _too_large(url: str, limit: int) -> str:
    return (
        f"{url} is larger than the limit of {limit:,} bytes; "
        "raise it with --max-bytes (or PORTREG_MAX_BYTES) if that is expected"
    )


def _cached_date_and_sha256(path: Path) -> tuple[datetime.date | None, str] | None:
    """The cached registry's date and sha256; ``None`` if there is no usable cache."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        parsed = parse_registry(data, str(path), max_bytes=max(len(data), 1))
    except DataError:
        return None  # a damaged cache is replaced, not kept
    return parsed.updated, parsed.sha256


def _date_in_use() -> datetime.date | None:
    try:
        return registry().provenance.registry_updated
    except DataError:
        # A damaged cache the user opted into: what is in use is the packaged snapshot
        # until this refresh replaces the cache.
        return _data.REGISTRY_DATE


def _refuse_if_older(fresh: datetime.date, current: datetime.date | None, what: str) -> None:
    if current is not None and fresh < current:
        raise _failed(f"the download is dated {fresh}, older than {what} ({current})")

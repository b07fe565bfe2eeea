"""Refreshing the registry from IANA, on request only.

:func:`refresh` (and ``portreg refresh``) downloads IANA's registry, checks it, and
writes it to the user's cache (see :mod:`portreg.cache`):

1. download from :data:`DEFAULT_URL`, or the URL given (or ``$PORTREG_REFRESH_URL``),
   refusing a body larger than the size limit or shorter than announced, any scheme
   but ``https:`` and ``http:`` (redirects included), and a download that is not
   complete within ``timeout`` seconds overall (:mod:`portreg.updates.download`);
2. parse it completely, as :meth:`~portreg.Registry.from_file` does;
3. refuse it if its registry date is older than the registry in use, or than the
   registry already cached;
4. write it atomically over the cached file, holding the cache's lock from reading the
   cached date to writing, so that concurrent refreshes keep the newest registry
   (see :mod:`portreg.sources.cache`).

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
from portreg.errors import DataError, InputTypeError, RefreshError
from portreg.lookups.in_use import answer_from_refreshed, cache_opted_in, registry
from portreg.lookups.registry import Registry
from portreg.sources.cache import (
    cache_dir,
    cached_registry_path,
    make_private_directory,
    refresh_lock,
    remove_stale_partials,
    write_atomically,
    write_origin,
)
from portreg.sources.files import max_bytes_allowed, parse_registry, read_registry_file
from portreg.sources.regular_files import checked_path
from portreg.updates.download import DownloadError, checked_timeout, checked_url, download

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
    chosen_url = _chosen_url(url)
    given_directory = (
        None if cache_directory is None else checked_path(cache_directory, "cache_directory")
    )
    seconds = _seconds(timeout)
    try:
        limit = max_bytes_allowed(max_bytes)
        # Settings are checked before the download, so a mistake costs no traffic.
        directory = cache_dir() if given_directory is None else Path(given_directory)
        cache_opted_in()
        body = download(chosen_url, seconds, limit)
    except (DataError, DownloadError) as exc:
        raise _failed(str(exc)) from None
    try:
        parsed = parse_registry(body, chosen_url, max_bytes=limit)
    except DataError as exc:
        raise _failed(f"the download is not a complete registry: {exc}") from None
    fresh = Registry.from_parsed(parsed, chosen_url)
    fresh_date = parsed.updated
    if fresh_date is None:
        raise _failed(f"{chosen_url} has no registry date, so it cannot be checked as current")
    path = cached_registry_path(directory)
    try:
        make_private_directory(directory)
        with refresh_lock(directory) as locked:
            # One refresh at a time from here: the cached file is read, compared and
            # replaced under the lock, so concurrent refreshes keep the newest.
            remove_stale_partials(directory, locked=locked)
            previous = _cached_date_and_sha256(path, limit)
            _refuse_if_older(fresh_date, previous[0] if previous else None, "the cached registry")
            _refuse_if_older(fresh_date, _date_in_use(), "the registry in use")
            changed = previous is None or previous[1] != parsed.sha256
            if changed:
                write_atomically(path, body)
            fetched = (
                datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
            )
            write_origin(directory, url=chosen_url, sha256=parsed.sha256, fetched=fetched)
    except OSError as exc:
        raise _failed(f"cannot write {path}: {exc.strerror or exc}") from None
    now_in_use = answer_from_refreshed(fresh)
    return RefreshResult(
        registry=fresh,
        path=path,
        url=chosen_url,
        previous_date=previous[0] if previous else None,
        changed=changed,
        in_use=now_in_use,
    )


def _seconds(timeout: object) -> float:
    try:
        return checked_timeout(timeout)
    except DownloadError as exc:
        raise _failed(str(exc)) from None


def _chosen_url(url: object) -> str:
    if url is not None and not isinstance(url, str):
        raise InputTypeError(
            f"url must be a str (an https: or http: URL) or None; got {type(url).__name__}"
        )
    configured = os.environ.get(URL_VARIABLE, "").strip()
    if url:
        return url
    if configured:
        try:
            return checked_url(configured)
        except DownloadError as exc:
            raise _failed(f"{URL_VARIABLE}: {exc}") from None
    return DEFAULT_URL


def _failed(reason: str) -> RefreshError:
    one_line = " ".join(reason.split())
    return RefreshError(f"refresh failed, nothing was changed: {one_line}")


def _cached_date_and_sha256(path: Path, limit: int) -> tuple[datetime.date | None, str] | None:
    """The cached registry's date and sha256; ``None`` if there is no usable cache.

    Read as any registry file is: a regular file only, never past the size limit.
    """
    try:
        parsed = read_registry_file(path, max_bytes=limit)
    except DataError:
        return None  # missing, damaged, too large or not a file: replaced, not kept
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

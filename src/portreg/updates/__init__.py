"""Keeping up with IANA: :func:`~portreg.refresh` downloads, :func:`~portreg.diff` compares."""

"""Reading bytes into rows: IANA's XML and CSV, the packaged snapshot, the user's cache.

Everything here turns files into :class:`~portreg.Assignment` rows and a
:class:`~portreg.Provenance`; nothing here answers a question about a port.
"""

"""A :class:`~portreg.Registry` and its indexes; the registry in use and the
module-level questions (:func:`~portreg.lookup`, :func:`~portreg.service`, ...)."""

"""Pictures of the registry, drawn with matplotlib (the ``plot`` extra).

:func:`~portreg.port_map` maps the whole port space, :func:`~portreg.assignments_by_range`
and :func:`~portreg.assignments_by_year` count assignments. Each returns a
:class:`matplotlib.figure.Figure` made without pyplot, so drawing one changes no global
state; matplotlib is imported only when a picture is drawn.
"""

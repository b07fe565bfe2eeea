"""What a question returns: one port, one name, search hits, blocks, history.

The answer types, how they show themselves (text, HTML, DataFrames), and the
interface through which an answer asks the registry it came from for more
(:class:`~portreg.answers.port.PortQuestions`). No answer imports a registry.
"""

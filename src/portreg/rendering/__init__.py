"""How things look: tables and labelled facts as HTML and aligned text.

A toolkit that knows nothing of the registry, so every layer may use it.
"""

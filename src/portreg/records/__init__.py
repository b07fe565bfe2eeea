"""The typed values of one registry row, and what callers may pass in.

The lowest layer above the errors: vocabularies (:mod:`.vocabulary`), the row and
its parts (:mod:`.assignment`), the port ranges (:mod:`.ranges`), validation of what
users hand in (:mod:`.inputs`), and the rules that read rows (:mod:`.wording`,
:mod:`.statuses`, :mod:`.naming`). It imports nothing else of portreg's.
"""

"""The sources of the self-assessment's figures, one module per kind of record the system holds.

Each module's ``figures(scope)`` returns ``{key: (value, total)}`` (``total`` is ``None`` for a plain
count) from a fixed number of queries; :func:`..evidence.compute` gathers them into figures.
"""

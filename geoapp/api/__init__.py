"""The standard API (OGC API - Features): every layer of ``layers/`` as a collection.

This package builds the API's documents from the store and the layers and imports no
Flask; ``geoapp.web.api`` is the thin blueprint that serves them at ``/api``. Refusals are
the errors of :mod:`geoapp.errors`.
"""

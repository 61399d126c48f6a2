"""``python -m geoapp.cli``: the same commands as ``geoapp``."""

from geoapp.cli import main

main()

"""Tests of the sample-data builder and of the committed data/ files."""

"""Benchmarks run by `make bench`: figures beside baselines measured in the same run."""

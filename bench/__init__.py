"""Benchmarks that print figures (`make bench` = `python -m bench`) and the synthetic data
generator they run on. Nothing here asserts a time: the figures go to bench/out/ and stdout."""

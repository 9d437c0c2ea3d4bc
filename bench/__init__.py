"""Benchmarks, run by hand (`make bench`); never imported by the product or its tests."""

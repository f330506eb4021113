"""Benchmarks and the synthetic data generator (see bench/README.md)."""

"""Benchmarks of timeline's main jobs against their physical limits (`make bench`)."""

"""Benchmarks, one module per `biddeed bench NAME`; each figure is one JSON line."""

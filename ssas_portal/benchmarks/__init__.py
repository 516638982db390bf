"""Benchmark commands: figures printed by `python -m ssas_portal bench-…`, never timed assertions in tests."""

"""What the portal prints for an operator."""

from __future__ import annotations


def one_line(text: str) -> str:
    """`text` without its trailing newline, asserting it is exactly one non-empty line."""
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"expected one line, got: {text!r}"
    return lines[0]

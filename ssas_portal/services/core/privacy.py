"""Showing personal contact data only as much as needed: in logs, audit events and pages."""

from __future__ import annotations


def mask(destination: str) -> str:
    """Enough to recognise one's own address or number, not enough to harvest it."""
    if "@" in destination:
        name, _, domain = destination.partition("@")
        return f"{name[:1]}***@{domain}"
    if len(destination) <= 6:
        return "***"
    return f"{destination[:4]}***{destination[-2:]}"

"""Builders and helpers shared by the test suites, as plain functions grouped by what they make or read
(fixtures stay in the conftest.py files nearest the tests that use them)."""

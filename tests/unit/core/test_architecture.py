"""The rooms of the domain: each services package imports only the packages below it, never Reflex, the
state or the pages, and never another package's private names (read from the source with `ast`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[3] / "ssas_portal" / "services"
ORDER = ("core", "forms", "messaging", "identity", "documents", "similarity", "registry", "applications", "review")
"""Bottom first: a package may import the ones before it (docs/architecture.md)."""
FORBIDDEN = ("reflex", "state", "ssas_portal.pages", "components")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if parts[:2] == ["ssas_portal", "services"] and len(parts) > 2 else None


def _modules() -> list[tuple[str, Path]]:
    return [(path.relative_to(SERVICES).parts[0], path) for path in sorted(SERVICES.rglob("*.py"))
            if len(path.relative_to(SERVICES).parts) > 1]


def test_every_package_is_in_the_order_and_has_a_docstring() -> None:
    packages = {path.name for path in SERVICES.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(ORDER)
    for name in ORDER:
        assert ast.get_docstring(ast.parse((SERVICES / name / "__init__.py").read_text())), name


@pytest.mark.parametrize(("package", "path"), _modules(), ids=lambda value: str(value).rsplit("services/", 1)[-1])
def test_imports_flow_down_and_never_into_the_ui(package: str, path: Path) -> None:
    for module, names in _imports(path):
        assert not any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN), module
        target = _package(module)
        if target is None and module == "ssas_portal.services":
            targets = names
        else:
            targets = [target] if target else []
        for other in targets:
            assert ORDER.index(other) <= ORDER.index(package), f"{package} imports {other} ({module})"
            if other != package:
                assert not any(name.startswith("_") for name in names), f"{module}: {names}"


def test_the_order_has_no_cycle_between_packages() -> None:
    """Drawn from the imports themselves, not from ORDER: no package reaches itself through others."""
    graph: dict[str, set[str]] = {name: set() for name in ORDER}
    for package, path in _modules():
        for module, names in _imports(path):
            target = _package(module)
            targets = names if module == "ssas_portal.services" else [target] if target else []
            graph[package] |= {other for other in targets if other != package}

    def reaches(start: str, goal: str, seen: frozenset[str]) -> bool:
        return any(step == goal or (step not in seen and reaches(step, goal, seen | {step})) for step in graph[start])

    assert [name for name in ORDER if reaches(name, name, frozenset())] == []

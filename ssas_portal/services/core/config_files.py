"""Configuration files (profiles, forms): JSON read into a pydantic model, or one line saying what is wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """A configuration file is invalid; str() is the one line shown at start-up."""


def first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(file)"
    return f"{where}: {first['msg'].removeprefix('Value error, ')}"


def load_model(path: Path, model: type[M], describe: Callable[[ValidationError], str] = first_problem) -> M:
    """`path` validated as `model`, or ConfigError("<file>: <place>: <problem>")."""
    try:
        return model.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise ConfigError(f"{path.name}: cannot be read ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path.name}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ConfigError(f"{path.name}: not valid JSON ({where}: {error.msg})") from None
    except RecursionError:
        raise ConfigError(f"{path.name}: nested too deeply") from None
    except ValidationError as error:
        raise ConfigError(f"{path.name}: {describe(error)}") from None

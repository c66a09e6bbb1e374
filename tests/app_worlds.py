"""What each app's tests add to the shared walks over every route (the role matrix and the phone layout).

An app's `tests/<app>/world.py` may define:

* `PAGE_ACCESS`: {url name: "public" | "signed_in" | "staff"} for its pages whose view declares no action;
* `API_ACCESS`: {(method, path): "signed_in" | Action} for its API operations;
* `POSTED_ACTIONS`: {url name: action slug} for its routes with an <action> that takes a POSTed form;
* `build(township) -> dict[str, list[tuple[object, Unit | None]]]`: objects addressed by its routes'
  parameters, each with the unit it belongs to (None when any user may address it);
* `api_body(method, path, persona, chosen, township) -> dict | None`: the JSON body its POST/PUT routes
  need in the role matrix (None: not one of its routes).

so that an app's routes are classified and filled next to its own tests, not in the shared files.
"""

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

TESTS = Path(__file__).parent


def world_modules() -> Iterator[ModuleType]:
    for world in sorted(TESTS.glob("*/world.py")):
        yield importlib.import_module(f"tests.{world.parent.name}.world")


def merged(name: str) -> dict[Any, Any]:
    combined: dict[Any, Any] = {}
    for module in world_modules():
        combined.update(getattr(module, name, {}))
    return combined


def build_all(township: Any) -> dict[str, list[tuple[object, Any]]]:
    candidates: dict[str, list[tuple[object, Any]]] = {}
    for module in world_modules():
        if hasattr(module, "build"):
            for parameter, options in module.build(township).items():
                candidates.setdefault(parameter, []).extend(options)
    return candidates


def api_body(method: str, path: str, persona: str, chosen: dict[str, object], township: Any) -> dict | None:
    for module in world_modules():
        if hasattr(module, "api_body"):
            body = module.api_body(method, path, persona, chosen, township)
            if body is not None:
                return body
    return None

"""Fails when a path of docs/seed-endpoints.txt is not served with its method."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_pay.settings")

import django  # noqa: E402

django.setup()

from django.urls import Resolver404, resolve  # noqa: E402

SAMPLE = {"{id}": "1", "{currency}": "USD", "{phone}": "0790000000"}


def main():
    missing, seen = [], set()
    for line in (ROOT / "docs" / "seed-endpoints.txt").read_text().splitlines():
        if not line.strip():
            continue
        method, path = line.split()[:2]
        path = path.split("?")[0]
        for placeholder, value in SAMPLE.items():
            path = path.replace(placeholder, value)
        if (method, path) in seen:
            continue
        seen.add((method, path))
        try:
            match = resolve(path)
        except Resolver404:
            missing.append(f"{method} {path} (no route)")
            continue
        view = getattr(match.func, "cls", None) or getattr(
            match.func, "view_class", None
        )
        if view is not None and not hasattr(view, method.lower()):
            missing.append(f"{method} {path} (method not allowed)")
    for entry in missing:
        print("missing:", entry)
    print(f"{len(seen) - len(missing)}/{len(seen)} seed endpoints served")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

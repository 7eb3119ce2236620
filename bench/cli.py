"""The benchmark's Django-side steps, run by `bench/bench.py` in the bench database.

    python -m bench.cli seed --sarafs 10 --accounts 500 --lua var/bench/data.lua
    python -m bench.cli queries --lua ... --out queries.json
    python -m bench.cli profile --lua ... --out profile.txt --requests 300

The Lua seed file written by `seed` is the input of the other two (tokens and
account ids), so they act as the load's own callers.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_pay.settings")
    import django

    django.setup()


def _read_seed(path: Path) -> tuple[str, int, list[int], str]:
    """The first saraf's token and accounts from the Lua seed file."""
    text = path.read_text()
    currency = re.search(r'currency = "(\w+)"', text).group(1)
    first = re.search(r'\{ id = (\d+), token = "([^"]+)", accounts = \{ ([\d,]+)', text)
    accounts = [int(pk) for pk in first.group(3).split(",")]
    return first.group(2), int(first.group(1)), accounts, currency


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    seed = sub.add_parser("seed")
    seed.add_argument("--sarafs", type=int, required=True)
    seed.add_argument("--accounts", type=int, required=True)
    seed.add_argument("--capital-deposits", type=int, required=True)
    seed.add_argument("--lua", type=Path, required=True)
    queries = sub.add_parser("queries")
    queries.add_argument("--lua", type=Path, required=True)
    queries.add_argument("--out", type=Path, required=True)
    profile = sub.add_parser("profile")
    profile.add_argument("--lua", type=Path, required=True)
    profile.add_argument("--out", type=Path, required=True)
    profile.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)

    _setup_django()
    if args.command == "seed":
        from bench.seeding import SeedConfig, lua_table, seed

        seeded = seed(
            SeedConfig(
                sarafs=args.sarafs,
                accounts_per_saraf=args.accounts,
                capital_deposits_per_saraf=args.capital_deposits,
            )
        )
        args.lua.parent.mkdir(parents=True, exist_ok=True)
        args.lua.write_text(lua_table(seeded))
        accounts = sum(len(saraf.accounts) for saraf in seeded)
        print(f"seeded {len(seeded)} sarafs, {accounts} customer accounts")
        return
    from bench.profiling import deposit_profile, deposit_queries

    token, _, accounts, currency = _read_seed(args.lua)
    if args.command == "queries":
        sql = deposit_queries(token=token, account_id=accounts[0], currency=currency)
        args.out.write_text(json.dumps(sql, indent=2) + "\n")
        print(f"deposit: {len(sql)} queries")
    else:
        args.out.write_text(
            deposit_profile(
                token=token,
                account_ids=accounts,
                currency=currency,
                requests=args.requests,
            )
        )
        print(f"profile of {args.requests} deposits: {args.out}")


if __name__ == "__main__":
    main()

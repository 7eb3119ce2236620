"""The benchmark's Django-side steps, run by `bench/runner.py` in the bench database.

    python -m bench.cli seed --sarafs 10 --accounts 500 --capital-deposits 60 \
        --lua var/bench/data.lua --json var/bench/data.json
    python -m bench.cli queries --seed var/bench/data.json --out queries.json
    python -m bench.cli profile --seed var/bench/data.json --out profile.txt

`seed` writes the sarafs' ids, owner tokens and account ids twice: as Lua for
the wrk scripts and as JSON for the other two commands, which act as the
first seeded saraf's owner.
"""

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amu_pay.settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    seed = sub.add_parser("seed")
    seed.add_argument("--sarafs", type=int, required=True)
    seed.add_argument("--accounts", type=int, required=True)
    seed.add_argument("--capital-deposits", type=int, required=True)
    seed.add_argument("--lua", type=Path, required=True)
    seed.add_argument("--json", type=Path, required=True)
    queries = sub.add_parser("queries")
    queries.add_argument("--seed", type=Path, required=True)
    queries.add_argument("--out", type=Path, required=True)
    profile = sub.add_parser("profile")
    profile.add_argument("--seed", type=Path, required=True)
    profile.add_argument("--out", type=Path, required=True)
    profile.add_argument("--requests", type=int, default=200)
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
        args.json.write_text(
            json.dumps({"sarafs": [asdict(saraf) for saraf in seeded]}) + "\n"
        )
        accounts = sum(len(saraf.accounts) for saraf in seeded)
        print(f"seeded {len(seeded)} sarafs, {accounts} customer accounts")
        return
    from bench.profiling import deposit_profile, deposit_queries
    from bench.seeding import BENCH_CURRENCY

    first = json.loads(args.seed.read_text())["sarafs"][0]
    token, accounts, currency = first["token"], first["accounts"], BENCH_CURRENCY
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

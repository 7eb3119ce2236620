"""The benchmark's own checks: they must fail loudly when the counts disagree."""

import pytest

from bench.runner import (
    SCENARIOS,
    BenchmarkError,
    deposit_ratios,
    markdown_table,
    parse_pgbench,
    scenario_problems,
)

PGBENCH_OUTPUT = """\
pgbench (15.20 (Debian 15.20-0+deb12u1))
transaction type: <builtin: TPC-B (sort of)>
scaling factor: 10
query mode: simple
number of clients: 8
number of threads: 2
maximum number of tries: 1
duration: 10 s
number of transactions actually processed: 23456
number of failed transactions: 0 (0.000%)
latency average = 3.410 ms
initial connection time = 12.345 ms
tps = 2345.600000 (without initial connection time)
"""


def _report(**changes):
    report = {
        "threads": 8,
        "ok": 10,
        "failed": 0,
        "errors": 0,
        "statuses": {"201": 10},
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
        "counters": {},
        "unclean_threads": 0,
    }
    report.update(changes)
    return report


def test_deposit_counts_that_match_the_journal_pass():
    before = {"customer_deposit": 5, "capital_deposit": 3}
    after = {"customer_deposit": 15, "capital_deposit": 3}

    assert scenario_problems(SCENARIOS["deposit"], _report(), before, after) == []


def test_deposit_entries_without_a_counted_success_fail():
    problems = scenario_problems(
        SCENARIOS["deposit"], _report(), {}, {"customer_deposit": 11}
    )

    assert any("10 successful 'ok' answers but 11 new" in p for p in problems)


def test_entries_of_another_kind_during_a_scenario_fail():
    problems = scenario_problems(
        SCENARIOS["deposit"],
        _report(),
        {},
        {"customer_deposit": 10, "customer_withdraw": 1},
    )

    assert any("11 new journal entries in all, 10 expected" in p for p in problems)


def test_a_read_scenario_that_writes_entries_fails():
    problems = scenario_problems(SCENARIOS["balance"], _report(), {"x": 1}, {"x": 2})

    assert problems == ["balance @ 8 clients: 1 new journal entries in all, 0 expected"]


def test_failed_requests_and_unclean_stops_fail():
    report = _report(
        ok=9, failed=1, errors=1, statuses={"201": 9, "500": 1}, unclean_threads=2
    )

    problems = scenario_problems(
        SCENARIOS["deposit"], report, {}, {"customer_deposit": 9}
    )

    assert len(problems) == 2
    assert "2 wrk thread(s) were stopped" in problems[0]
    assert "1 failed request(s)" in problems[1]


def test_hawala_steps_are_reconciled_with_their_own_entries():
    report = _report(counters={"sent": 4, "received": 3, "completed": 3})

    agree = scenario_problems(
        SCENARIOS["hawala"], report, {}, {"hawala_send": 4, "hawala_payout": 3}
    )
    short = scenario_problems(
        SCENARIOS["hawala"], report, {}, {"hawala_send": 4, "hawala_payout": 2}
    )

    assert agree == []
    assert any("3 successful 'completed' answers but 2 new" in p for p in short)


def test_pgbench_output_is_parsed():
    assert parse_pgbench(PGBENCH_OUTPUT) == {"tps": 2345.6, "latency_avg_ms": 3.41}


def test_pgbench_output_without_tps_is_an_error():
    with pytest.raises(BenchmarkError):
        parse_pgbench("connection to server failed")


def test_ratio_is_successful_deposits_per_second_over_pgbench_tps():
    scenarios = {"deposit": {"8": {"ok_rps": 500.0}, "32": {"ok_rps": 10.0}}}
    pgbench = {"8": {"tps": 2000.0}}

    assert deposit_ratios(scenarios, pgbench) == {"8": 0.25}


def test_table_lists_every_scenario_and_the_ratio():
    latency = {"p50": 1.0, "p95": 2.0, "p99": 3.0}
    results = {
        "scenarios": {
            "deposit": {"8": {"rps": 500.0, "latency_ms": latency, "errors": 0}}
        },
        "pgbench": {"8": {"tps": 2000.0, "latency_avg_ms": 4.0}},
        "deposit_to_pgbench_ratio": {"8": 0.25},
    }

    table = markdown_table(results)

    assert "| deposit | 8 | 500.0 | 1.0 | 2.0 | 3.0 | 0 |  |" in table
    assert "| pgbench tpcb-like | 8 | 2000.0 tps |" in table
    assert "deposit/pgbench = 25.0%" in table

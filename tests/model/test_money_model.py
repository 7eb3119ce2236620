"""The stateful money test: random operation sequences against the model of the books.

Bounded for CI (MONEY_MODEL_EXAMPLES sequences of MONEY_MODEL_STEPS steps,
derandomized so every run tries the same sequences); raise the numbers to
search harder locally. A failure prints the shortest sequence that breaks an
invariant; that sequence becomes a plain test in test_regressions.py.
"""

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.model.machine import MoneyMachine

EXAMPLES = int(os.environ.get("MONEY_MODEL_EXAMPLES", "30"))
STEPS = int(os.environ.get("MONEY_MODEL_STEPS", "40"))


@pytest.mark.django_db
def test_books_always_match_the_model():
    run_state_machine_as_test(
        MoneyMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )

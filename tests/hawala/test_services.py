from decimal import Decimal

import pytest

from core.errors import ApplicationError
from hawala import services
from hawala.models import HawalaTransaction
from ledger.models import JournalEntry
from tests.factories import SarafFactory
from tests.hawala.conftest import (
    cash,
    employee_identity,
    fee_income,
    fund,
    owner_identity,
    position,
    support,
)

pytestmark = pytest.mark.django_db

Status = HawalaTransaction.Status


def _send(saraf, destination=None, **overrides):
    fields = {
        "identity": owner_identity(saraf),
        "hawala_number": "HW-1",
        "amount": Decimal("500"),
        "currency": "USD",
        "fee": Decimal("10"),
        "sender_name": "Ahmad",
        "receiver_name": "Mahmood",
        "receiver_phone": "+93701234567",
        "destination_saraf_id": destination.pk if destination else None,
        "destination_name": "" if destination else "Herat Saraf",
    }
    fields.update(overrides)
    return services.hawala_send(**fields)


def _accept_and_pay(hawala, receiver, id_number="1400-1"):
    services.hawala_receive(identity=owner_identity(receiver), hawala_id=hawala.pk)
    return services.hawala_complete(
        identity=owner_identity(receiver),
        hawala_id=hawala.pk,
        hawala_number=hawala.hawala_number,
        receiver_id_number=id_number,
    )


def test_send_books_cash_fee_and_what_we_owe(sarafs):
    sender, receiver = sarafs
    hawala = _send(sender, receiver)
    assert hawala.status == Status.SENT
    assert hawala.mode == HawalaTransaction.Mode.INTERNAL
    assert cash(sender) == Decimal("510.00")
    assert fee_income(sender) == Decimal("10.00")
    assert position(sender, receiver) == Decimal("-500.00")
    assert position(receiver, sender) == Decimal("0.00")


def test_payout_books_the_receiver_side_and_positions_mirror(sarafs):
    sender, receiver = sarafs
    hawala = _accept_and_pay(_send(sender, receiver), receiver)
    assert hawala.status == Status.COMPLETED
    assert hawala.receiver_id_number == "1400-1"
    assert cash(receiver) == Decimal("9500.00")
    assert position(receiver, sender) == Decimal("500.00")
    assert position(receiver, sender) == -position(sender, receiver)


def test_payout_with_wrong_id_number_changes_nothing(sarafs):
    sender, receiver = sarafs
    hawala = _send(sender, receiver, receiver_id_number="1400-0101-123")
    services.hawala_receive(identity=owner_identity(receiver), hawala_id=hawala.pk)
    with pytest.raises(ApplicationError) as exc:
        services.hawala_complete(
            identity=owner_identity(receiver),
            hawala_id=hawala.pk,
            hawala_number="HW-1",
            receiver_id_number="1400-0101-999",
        )
    assert exc.value.code == "verification_failed"
    hawala.refresh_from_db()
    assert hawala.status == Status.RECEIVED
    assert cash(receiver) == Decimal("10000.00")


def test_id_number_matches_ignoring_separators_and_case(sarafs):
    sender, receiver = sarafs
    hawala = _send(sender, receiver, receiver_id_number="ab-1400 0101")
    hawala = _accept_and_pay(hawala, receiver, id_number="AB14000101")
    assert hawala.status == Status.COMPLETED


def test_payout_without_cash_is_insufficient_funds(sarafs):
    sender, receiver = sarafs
    hawala = _send(sender, receiver, amount=Decimal("20000"))
    services.hawala_receive(identity=owner_identity(receiver), hawala_id=hawala.pk)
    with pytest.raises(ApplicationError) as exc:
        services.hawala_complete(
            identity=owner_identity(receiver),
            hawala_id=hawala.pk,
            hawala_number="HW-1",
            receiver_id_number="1",
        )
    assert exc.value.code == "insufficient_funds"
    hawala.refresh_from_db()
    assert hawala.status == Status.RECEIVED
    assert hawala.payout_entry_id is None


def test_cancel_reverses_the_send(sarafs):
    sender, receiver = sarafs
    hawala = _send(sender, receiver)
    hawala = services.hawala_update_status(
        identity=owner_identity(sender), hawala_id=hawala.pk, status=Status.CANCELLED
    )
    assert hawala.status == Status.CANCELLED
    assert hawala.cancel_entry.reverses_id == hawala.send_entry_id
    assert cash(sender) == Decimal("0.00")
    assert fee_income(sender) == Decimal("0.00")
    assert position(sender, receiver) == Decimal("0.00")


def test_cancel_after_payout_is_invalid_transition(sarafs):
    sender, receiver = sarafs
    hawala = _accept_and_pay(_send(sender, receiver), receiver)
    with pytest.raises(ApplicationError) as exc:
        services.hawala_update_status(
            identity=owner_identity(sender),
            hawala_id=hawala.pk,
            status=Status.CANCELLED,
        )
    assert exc.value.code == "invalid_transition"
    assert exc.value.status == 409


def test_receiver_cannot_cancel_and_sender_cannot_receive(sarafs):
    sender, receiver = sarafs
    hawala = _send(sender, receiver)
    with pytest.raises(ApplicationError) as exc:
        services.hawala_update_status(
            identity=owner_identity(receiver),
            hawala_id=hawala.pk,
            status=Status.CANCELLED,
        )
    assert exc.value.status == 404
    with pytest.raises(ApplicationError) as exc:
        services.hawala_receive(identity=owner_identity(sender), hawala_id=hawala.pk)
    assert exc.value.status == 404


def test_external_receiver_lifecycle_moves_no_money_after_send(sarafs):
    sender, _ = sarafs
    hawala = _send(sender)
    assert hawala.status == Status.PENDING
    external_id = services.external_counterparty_id()
    assert hawala.send_entry.balance_after(
        "position", "USD", counterparty_id=external_id
    ) == Decimal("-500")
    for target in (Status.SENT, Status.COMPLETED):
        hawala = services.hawala_update_status(
            identity=owner_identity(sender), hawala_id=hawala.pk, status=target
        )
        assert hawala.status == target
    assert cash(sender) == Decimal("510.00")
    assert JournalEntry.objects.filter(saraf=sender).count() == 1


def test_external_receive_pays_out_and_is_owed_by_outside(sarafs):
    _, receiver = sarafs
    hawala = services.hawala_external_receive(
        identity=owner_identity(receiver),
        hawala_number="EXT-9",
        amount=Decimal("250.50"),
        currency="USD",
        source_name="Dubai Exchange",
        sender_name="Ali",
        receiver_name="Zahra",
        receiver_id_number="123",
    )
    assert hawala.status == Status.COMPLETED
    assert hawala.mode == HawalaTransaction.Mode.EXTERNAL_SENDER
    assert cash(receiver) == Decimal("9749.50")
    external_id = services.external_counterparty_id()
    assert hawala.payout_entry.balance_after(
        "position", "USD", counterparty_id=external_id
    ) == Decimal("250.50")


def test_duplicate_number_per_sender_only(sarafs):
    sender, receiver = sarafs
    _send(sender, receiver)
    with pytest.raises(ApplicationError) as exc:
        _send(sender, receiver)
    assert exc.value.code == "duplicate_hawala_number"
    assert exc.value.status == 409
    fund(sender, "USD", "1")
    _send(receiver, sender)
    assert HawalaTransaction.objects.count() == 2


@pytest.mark.parametrize(
    ("whose", "code"), [("sender", "EUR"), ("receiver", "EUR"), ("both", "XXX")]
)
def test_currency_must_be_supported_on_both_sides(sarafs, whose, code):
    sender, receiver = sarafs
    if whose == "receiver":
        support(sender, code)
    if whose == "sender":
        support(receiver, code)
    with pytest.raises(ApplicationError) as exc:
        _send(sender, receiver, currency=code)
    assert exc.value.code == "currency_not_supported"
    assert HawalaTransaction.objects.count() == 0


def test_destination_must_exist_and_not_be_the_sender(sarafs):
    sender, _ = sarafs
    for destination_id in (sender.pk, 999_999):
        with pytest.raises(ApplicationError) as exc:
            _send(
                sender, None, destination_saraf_id=destination_id, destination_name=""
            )
        assert exc.value.code == "invalid_destination"


def test_minor_units_refused_not_rounded(sarafs):
    sender, receiver = sarafs
    with pytest.raises(Exception) as exc:
        _send(sender, receiver, amount=Decimal("1.005"))
    assert "invalid_amount" in str(exc.value.get_codes())
    assert HawalaTransaction.objects.count() == 0


def test_employee_recorded_on_each_step(sarafs, make_employee):
    sender, receiver = sarafs
    clerk = make_employee("send_transfer")
    cashier = make_employee("receive_transfer", "deliver_amount", saraf=receiver)
    hawala = _send(sender, receiver, identity=employee_identity(clerk))
    services.hawala_receive(identity=employee_identity(cashier), hawala_id=hawala.pk)
    hawala = services.hawala_complete(
        identity=employee_identity(cashier),
        hawala_id=hawala.pk,
        hawala_number="hw-1",
        receiver_id_number="9",
    )
    assert (hawala.created_by, hawala.sent_by) == (clerk, clerk)
    assert (hawala.received_by, hawala.paid_by) == (cashier, cashier)
    assert hawala.payout_entry.performed_by_employee == cashier


def test_settlement_reduces_position_and_refuses_overshoot(sarafs):
    sender, receiver = sarafs
    _accept_and_pay(_send(sender, receiver), receiver)
    fund(sender, "USD", "1000")
    with pytest.raises(ApplicationError) as exc:
        services.settlement_record(
            identity=owner_identity(sender),
            counterparty_saraf_id=receiver.pk,
            currency="USD",
            amount=Decimal("600"),
            direction="we_paid",
        )
    assert exc.value.code == "settlement_exceeds_position"
    assert position(sender, receiver) == Decimal("-500.00")
    assert cash(sender) == Decimal("1510.00")
    services.settlement_record(
        identity=owner_identity(sender),
        counterparty_saraf_id=receiver.pk,
        currency="USD",
        amount=Decimal("500"),
        direction="we_paid",
    )
    services.settlement_record(
        identity=owner_identity(receiver),
        counterparty_saraf_id=sender.pk,
        currency="USD",
        amount=Decimal("500"),
        direction="they_paid",
    )
    assert position(sender, receiver) == position(receiver, sender) == Decimal("0.00")
    assert cash(sender) == Decimal("1010.00")
    assert cash(receiver) == Decimal("10000.00")


def test_settlement_in_the_wrong_direction_is_refused(sarafs):
    sender, receiver = sarafs
    _send(sender, receiver)
    with pytest.raises(ApplicationError) as exc:
        services.settlement_record(
            identity=owner_identity(sender),
            counterparty_saraf_id=receiver.pk,
            currency="USD",
            amount=Decimal("1"),
            direction="they_paid",
        )
    assert exc.value.code == "settlement_exceeds_position"
    assert exc.value.message.startswith("A they_paid settlement can be at most 0.00")


def test_settlement_counterparty_must_be_another_saraf(sarafs):
    sender, _ = sarafs
    for counterparty_id in (sender.pk, 999_999):
        with pytest.raises(ApplicationError) as exc:
            services.settlement_record(
                identity=owner_identity(sender),
                counterparty_saraf_id=counterparty_id,
                currency="USD",
                amount=Decimal("1"),
                direction="we_paid",
            )
        assert exc.value.code == "invalid_counterparty"


def test_external_counterparty_is_one_inactive_saraf(db):
    first = services.external_counterparty_id()
    assert services.external_counterparty_id() == first
    saraf = type(SarafFactory()).objects.get(pk=first)
    assert not saraf.is_active
    assert not saraf.check_password("")

"""Every write of the hawala app. Money moves only through `ledger.services`.

Each function is one database transaction. Anything that changes an existing
hawala first locks its row (`select_for_update`), so two payouts, or a payout
and a cancellation, of one hawala are serialised and only the first succeeds.
"""

import secrets
from decimal import Decimal
from typing import NoReturn

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.auth import Identity
from core.errors import ApplicationError
from core.money import check_minor_units, format_amount
from currency.models import Currency
from currency.selectors import currency_require_supported
from hawala.exceptions import (
    DuplicateHawalaNumberError,
    HawalaNotFoundError,
    InvalidCounterpartyError,
    InvalidDestinationError,
    InvalidTransitionError,
    SettlementExceedsPositionError,
    VerificationFailedError,
)
from hawala.models import (
    EXTERNAL_COUNTERPARTY_PHONE,
    HawalaReceipt,
    HawalaSettlement,
    HawalaTransaction,
)
from hawala.notifications import hawala_notify
from hawala.selectors import hawala_get_visible, valid_id
from ledger.models import LedgerAccount
from ledger.services import Leg, entry_post, entry_reverse
from saraf_account.models import SarafAccount
from saraf_account.selectors import saraf_listed

Mode = HawalaTransaction.Mode
Status = HawalaTransaction.Status
Kind = LedgerAccount.Kind

SENDER_MODES = (Mode.INTERNAL, Mode.EXTERNAL_RECEIVER)

# Transitions a sending saraf may make through PATCH status/{id}/, per mode.
SENDER_TRANSITIONS = {
    Mode.INTERNAL: {
        Status.SENT: {Status.CANCELLED},
        Status.RECEIVED: {Status.CANCELLED},
    },
    Mode.EXTERNAL_RECEIVER: {
        Status.PENDING: {Status.SENT, Status.COMPLETED, Status.CANCELLED},
        Status.SENT: {Status.COMPLETED, Status.CANCELLED},
    },
}


def external_counterparty_id() -> int:
    """The id of the reserved saraf that stands for every saraf outside AMU Pay."""
    fields = {
        "name": "Outside AMU Pay",
        "license_no": "EXTERNAL",
        "is_active": False,
        "password": make_password(None),
    }
    try:
        with transaction.atomic():
            saraf, _ = SarafAccount.objects.get_or_create(
                phone=EXTERNAL_COUNTERPARTY_PHONE, defaults=fields
            )
    except IntegrityError:
        saraf = SarafAccount.objects.get(phone=EXTERNAL_COUNTERPARTY_PHONE)
    return saraf.pk


def _normalize_id_number(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).casefold()


def _currency_for(*, saraf_id: int, code: str, whose: str = "") -> Currency:
    try:
        return currency_require_supported(saraf_id=saraf_id, code=code)
    except ApplicationError as exc:
        if not whose or exc.code != "currency_not_supported":
            raise
        message = f"{str(code).upper()} is not one of the {whose}'s currencies."
        raise ApplicationError(
            message,
            code="currency_not_supported",
            status=400,
            fields={"currency": [message]},
        ) from None


def _create_unique(**fields) -> HawalaTransaction:
    try:
        with transaction.atomic():
            return HawalaTransaction.objects.create(**fields)
    except IntegrityError:
        raise DuplicateHawalaNumberError(fields["hawala_number"]) from None


def _locked(*, pk: int, **filters) -> HawalaTransaction:
    if not valid_id(pk):
        raise HawalaNotFoundError()
    # of=("self",): a FOR UPDATE on the joined currency row would block every
    # foreign-key check on that currency and deadlock with the ledger's locks.
    hawala = (
        HawalaTransaction.objects.select_for_update(of=("self",))
        .select_related("currency")
        .filter(pk=pk, **filters)
        .first()
    )
    if hawala is None:
        raise HawalaNotFoundError()
    return hawala


@transaction.atomic
def hawala_send(
    *,
    identity: Identity,
    hawala_number: str,
    amount: Decimal,
    currency: str,
    sender_name: str,
    receiver_name: str,
    receiver_phone: str,
    fee: Decimal = Decimal("0"),
    sender_phone: str = "",
    receiver_id_number: str = "",
    receiver_father_name: str = "",
    destination_saraf_id: int | None = None,
    destination_name: str = "",
) -> HawalaTransaction:
    """Take amount + fee in cash from the sender and record what we now owe.

    Internal (`destination_saraf_id`): status `sent`, position with the
    destination saraf. External receiver (`destination_name`): status
    `pending`, position with the reserved external counterparty.
    """
    saraf_id = identity.saraf_id
    if destination_saraf_id is not None:
        if destination_saraf_id == saraf_id:
            raise InvalidDestinationError("A saraf cannot send a hawala to itself.")
        if not saraf_listed().filter(pk=destination_saraf_id).exists():
            raise InvalidDestinationError("No such saraf.")
    currency_obj = _currency_for(saraf_id=saraf_id, code=currency)
    if destination_saraf_id is not None:
        _currency_for(
            saraf_id=destination_saraf_id, code=currency, whose="destination saraf"
        )
    amount = check_minor_units(amount, currency_obj)
    fee = check_minor_units(fee, currency_obj, field="fee") if fee else Decimal("0")

    if HawalaTransaction.objects.filter(
        saraf_id=saraf_id, hawala_number=hawala_number, mode__in=SENDER_MODES
    ).exists():
        raise DuplicateHawalaNumberError(hawala_number)
    internal = destination_saraf_id is not None
    counterparty_id = destination_saraf_id or external_counterparty_id()
    now = timezone.now()
    hawala = _create_unique(
        saraf_id=saraf_id,
        destination_saraf_id=destination_saraf_id,
        destination_name="" if internal else destination_name,
        mode=Mode.INTERNAL if internal else Mode.EXTERNAL_RECEIVER,
        hawala_number=hawala_number,
        amount=amount,
        currency=currency_obj,
        fee=fee,
        sender_name=sender_name,
        sender_phone=sender_phone,
        receiver_name=receiver_name,
        receiver_phone=receiver_phone,
        receiver_id_number=receiver_id_number,
        receiver_father_name=receiver_father_name,
        status=Status.SENT if internal else Status.PENDING,
        created_by=identity.employee,
        sent_at=now if internal else None,
        sent_by=identity.employee if internal else None,
    )
    legs = [
        Leg(kind=Kind.CASH, currency=currency_obj.code, amount=amount + fee),
        Leg(
            kind=Kind.POSITION,
            currency=currency_obj.code,
            amount=-amount,
            counterparty_id=counterparty_id,
        ),
    ]
    if fee:
        legs.append(Leg(kind=Kind.FEE_INCOME, currency=currency_obj.code, amount=fee))
    hawala.send_entry = entry_post(
        saraf_id=saraf_id,
        kind="hawala_send",
        legs=legs,
        performed_by=identity,
        memo=f"Hawala {hawala_number} sent",
        amount=amount,
        currency=currency_obj.code,
    )
    hawala.save(update_fields=["send_entry"])
    hawala_notify(hawala)
    return hawala


@transaction.atomic
def hawala_receive(*, identity: Identity, hawala_id: int) -> HawalaTransaction:
    """The destination saraf accepts an internal hawala: `sent` → `received`."""
    hawala = _locked(pk=hawala_id, destination_saraf_id=identity.saraf_id)
    if hawala.status != Status.SENT:
        raise InvalidTransitionError(hawala.status, Status.RECEIVED)
    hawala.status = Status.RECEIVED
    hawala.received_at = timezone.now()
    hawala.received_by = identity.employee
    hawala.save(update_fields=["status", "received_at", "received_by"])
    hawala_notify(hawala)
    return hawala


def hawala_receive_refuse(
    *, identity: Identity, hawala_id: int, status: str
) -> NoReturn:
    """The receiving saraf may only accept (`received`) or pay out (`completed`).

    Any other status answers 409 `invalid_transition` for a hawala addressed
    to the caller's saraf (404 for any other), and nothing changes.
    """
    if not valid_id(hawala_id):
        raise HawalaNotFoundError()
    hawala = HawalaTransaction.objects.filter(
        pk=hawala_id, destination_saraf_id=identity.saraf_id
    ).first()
    if hawala is None:
        raise HawalaNotFoundError()
    raise InvalidTransitionError(hawala.status, status)


@transaction.atomic
def hawala_complete(
    *,
    identity: Identity,
    hawala_id: int,
    hawala_number: str,
    receiver_id_number: str,
    receiver_father_name: str = "",
) -> HawalaTransaction:
    """Pay out an accepted internal hawala to its beneficiary: `received` → `completed`.

    The hawala number must match, and so must the beneficiary's ID number when
    the sender recorded one; otherwise 400 `verification_failed` and nothing
    changes. The paying saraf's cash falls by the amount and the sender now
    owes it that amount.
    """
    hawala = _locked(pk=hawala_id, destination_saraf_id=identity.saraf_id)
    if hawala.status != Status.RECEIVED:
        raise InvalidTransitionError(hawala.status, Status.COMPLETED)
    if hawala_number.strip().upper() != hawala.hawala_number:
        raise VerificationFailedError("hawala_number")
    given_id = _normalize_id_number(receiver_id_number)
    if not given_id or (
        hawala.receiver_id_number
        and given_id != _normalize_id_number(hawala.receiver_id_number)
    ):
        raise VerificationFailedError("receiver_id_number")
    code = hawala.currency_id
    hawala.payout_entry = entry_post(
        saraf_id=identity.saraf_id,
        kind="hawala_payout",
        legs=[
            Leg(kind=Kind.CASH, currency=code, amount=-hawala.amount),
            Leg(
                kind=Kind.POSITION,
                currency=code,
                amount=hawala.amount,
                counterparty_id=hawala.saraf_id,
            ),
        ],
        performed_by=identity,
        memo=f"Hawala {hawala.hawala_number} paid out",
        amount=hawala.amount,
        currency=code,
    )
    if not hawala.receiver_id_number:
        hawala.receiver_id_number = receiver_id_number.strip()
    if receiver_father_name:
        hawala.receiver_father_name = receiver_father_name
    hawala.status = Status.COMPLETED
    hawala.paid_at = timezone.now()
    hawala.paid_by = identity.employee
    hawala.save(
        update_fields=[
            "payout_entry",
            "receiver_id_number",
            "receiver_father_name",
            "status",
            "paid_at",
            "paid_by",
        ]
    )
    hawala_notify(hawala)
    return hawala


@transaction.atomic
def hawala_external_receive(
    *,
    identity: Identity,
    hawala_number: str,
    amount: Decimal,
    currency: str,
    source_name: str,
    sender_name: str,
    receiver_name: str,
    receiver_id_number: str,
    sender_phone: str = "",
    receiver_phone: str = "",
    receiver_father_name: str = "",
) -> HawalaTransaction:
    """Record and pay out a hawala sent by a saraf outside AMU Pay: `completed`.

    Our cash falls by the amount; the outside world (the position with the
    reserved external counterparty) now owes it to us.
    """
    saraf_id = identity.saraf_id
    currency_obj = _currency_for(saraf_id=saraf_id, code=currency)
    amount = check_minor_units(amount, currency_obj)
    if HawalaTransaction.objects.filter(
        saraf_id=saraf_id, hawala_number=hawala_number, mode=Mode.EXTERNAL_SENDER
    ).exists():
        raise DuplicateHawalaNumberError(hawala_number)
    now = timezone.now()
    hawala = _create_unique(
        saraf_id=saraf_id,
        mode=Mode.EXTERNAL_SENDER,
        source_name=source_name,
        hawala_number=hawala_number,
        amount=amount,
        currency=currency_obj,
        sender_name=sender_name,
        sender_phone=sender_phone,
        receiver_name=receiver_name,
        receiver_phone=receiver_phone,
        receiver_id_number=receiver_id_number,
        receiver_father_name=receiver_father_name,
        status=Status.COMPLETED,
        created_by=identity.employee,
        received_at=now,
        received_by=identity.employee,
        paid_at=now,
        paid_by=identity.employee,
    )
    hawala.payout_entry = entry_post(
        saraf_id=saraf_id,
        kind="hawala_external_payout",
        legs=[
            Leg(kind=Kind.CASH, currency=currency_obj.code, amount=-amount),
            Leg(
                kind=Kind.POSITION,
                currency=currency_obj.code,
                amount=amount,
                counterparty_id=external_counterparty_id(),
            ),
        ],
        performed_by=identity,
        memo=f"External hawala {hawala_number} from {source_name} paid out",
        amount=amount,
        currency=currency_obj.code,
    )
    hawala.save(update_fields=["payout_entry"])
    return hawala


@transaction.atomic
def hawala_update_status(
    *, identity: Identity, hawala_id: int, status: str
) -> HawalaTransaction:
    """The sending saraf moves its hawala on (see SENDER_TRANSITIONS).

    `cancelled` reverses the send entry (cash back out by amount + fee, the
    position and the fee undone). `sent` and `completed` of an external-receiver
    hawala record that the outside saraf has it, and has paid it out; they move
    no money.
    """
    hawala = _locked(pk=hawala_id, saraf_id=identity.saraf_id, mode__in=SENDER_MODES)
    allowed = SENDER_TRANSITIONS[hawala.mode].get(hawala.status, set())
    if status not in allowed:
        raise InvalidTransitionError(hawala.status, status)
    now = timezone.now()
    if status == Status.CANCELLED:
        hawala.cancel_entry = entry_reverse(
            saraf_id=identity.saraf_id,
            entry_id=hawala.send_entry_id,
            performed_by=identity,
            memo=f"Hawala {hawala.hawala_number} cancelled",
        )
        hawala.cancelled_at = now
        hawala.cancelled_by = identity.employee
    elif status == Status.SENT:
        hawala.sent_at = now
        hawala.sent_by = identity.employee
    else:
        hawala.paid_at = now
        hawala.paid_by = identity.employee
    hawala.status = status
    hawala.save()
    hawala_notify(hawala)
    return hawala


@transaction.atomic
def receipt_generate(
    *, identity: Identity, hawala_id: int
) -> tuple[HawalaReceipt, bool]:
    """The caller's saraf's receipt for a hawala it sent or received.

    Generating it again returns the same receipt; returns (receipt, created).
    """
    hawala = hawala_get_visible(saraf_id=identity.saraf_id, hawala_id=hawala_id)
    receipt = HawalaReceipt.objects.filter(
        hawala=hawala, saraf_id=identity.saraf_id
    ).first()
    if receipt is not None:
        return receipt, False
    try:
        with transaction.atomic():
            receipt = HawalaReceipt.objects.create(
                hawala=hawala,
                saraf_id=identity.saraf_id,
                verification_code=secrets.token_urlsafe(24),
                created_by=identity.employee,
            )
    except IntegrityError:
        return HawalaReceipt.objects.get(
            hawala=hawala, saraf_id=identity.saraf_id
        ), False
    return receipt, True


@transaction.atomic
def settlement_record(
    *,
    identity: Identity,
    counterparty_saraf_id: int,
    currency: str,
    amount: Decimal,
    direction: str,
) -> HawalaSettlement:
    """Record, in the caller's books, that a hawala debt was settled in cash.

    The counterparty is another saraf on AMU Pay, or the reserved external
    counterparty. `we_paid`: we handed the counterparty cash (cash −, position +);
    `they_paid`: they handed us cash (cash +, position −). A settlement may
    only bring the position towards zero, never past it: 400
    `settlement_exceeds_position` otherwise, and nothing changes.
    """
    saraf_id = identity.saraf_id
    if (
        counterparty_saraf_id == saraf_id
        or not SarafAccount.objects.filter(pk=counterparty_saraf_id).exists()
    ):
        raise InvalidCounterpartyError()
    currency_obj = _currency_for(saraf_id=saraf_id, code=currency)
    amount = check_minor_units(amount, currency_obj)
    sign = 1 if direction == HawalaSettlement.Direction.WE_PAID else -1
    entry = entry_post(
        saraf_id=saraf_id,
        kind="hawala_settlement",
        legs=[
            Leg(kind=Kind.CASH, currency=currency_obj.code, amount=-sign * amount),
            Leg(
                kind=Kind.POSITION,
                currency=currency_obj.code,
                amount=sign * amount,
                counterparty_id=counterparty_saraf_id,
            ),
        ],
        performed_by=identity,
        memo=f"Hawala settlement with saraf {counterparty_saraf_id}: {direction}",
        amount=amount,
        currency=currency_obj.code,
    )
    position = entry.balance_after(
        Kind.POSITION, currency_obj.code, counterparty_id=counterparty_saraf_id
    )
    if position * sign > 0:
        before = position - sign * amount
        raise SettlementExceedsPositionError(
            we_owe=format_amount(max(-before, 0), currency_obj.minor_units),
            they_owe=format_amount(max(before, 0), currency_obj.minor_units),
            direction=direction,
        )
    return HawalaSettlement.objects.create(
        saraf_id=saraf_id,
        counterparty_id=counterparty_saraf_id,
        currency=currency_obj,
        amount=amount,
        direction=direction,
        entry=entry,
        created_by=identity.employee,
    )

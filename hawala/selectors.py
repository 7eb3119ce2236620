"""Reads of the hawala app; each one scoped to the caller's saraf."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from rest_framework import serializers

from core.contacts import normalize_phone
from core.dates import local_days
from core.money import format_amount
from hawala.exceptions import (
    AmbiguousHawalaError,
    HawalaNotFoundError,
    ReceiptNotFoundError,
)
from hawala.models import EXTERNAL_COUNTERPARTY_PHONE, HawalaReceipt, HawalaTransaction
from ledger.models import LedgerAccount

Mode = HawalaTransaction.Mode

_LIST_RELATED = ("saraf", "destination_saraf", "currency")
MAX_ID = 2**63 - 1


def valid_id(value: int) -> bool:
    """Whether a URL id can be a row id (a larger one would overflow the query)."""
    return 0 < value <= MAX_ID


def _outgoing(saraf_id: int) -> Q:
    return Q(saraf_id=saraf_id) & ~Q(mode=Mode.EXTERNAL_SENDER)


def _incoming(saraf_id: int) -> Q:
    return Q(destination_saraf_id=saraf_id) | Q(
        saraf_id=saraf_id, mode=Mode.EXTERNAL_SENDER
    )


def _visible(saraf_id: int) -> Q:
    return Q(saraf_id=saraf_id) | Q(destination_saraf_id=saraf_id)


def hawala_get_visible(*, saraf_id: int, hawala_id: int) -> HawalaTransaction:
    """A hawala the saraf sent or received; 404 otherwise."""
    if not valid_id(hawala_id):
        raise HawalaNotFoundError()
    hawala = (
        HawalaTransaction.objects.select_related(*_LIST_RELATED)
        .filter(_visible(saraf_id), pk=hawala_id)
        .first()
    )
    if hawala is None:
        raise HawalaNotFoundError()
    return hawala


def hawala_list_incoming(*, saraf_id: int) -> QuerySet[HawalaTransaction]:
    """Internal hawalas other sarafs sent to this saraf, newest first."""
    return HawalaTransaction.objects.select_related(*_LIST_RELATED).filter(
        destination_saraf_id=saraf_id
    )


def hawala_list(
    *,
    saraf_id: int,
    direction: str | None = None,
    status: str | None = None,
    currency: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    counterparty_id: int | None = None,
    search: str | None = None,
) -> QuerySet[HawalaTransaction]:
    """Hawalas the saraf sent or received, newest first, narrowed by the filters.

    `search` matches part of a hawala number, or a sender's or receiver's phone.
    """
    if direction == "outgoing":
        scope = _outgoing(saraf_id)
    elif direction == "incoming":
        scope = _incoming(saraf_id)
    else:
        scope = _visible(saraf_id)
    hawalas = HawalaTransaction.objects.select_related(*_LIST_RELATED).filter(scope)
    if status:
        hawalas = hawalas.filter(status=status)
    if currency:
        hawalas = hawalas.filter(currency_id=currency.upper())
    hawalas = hawalas.filter(local_days("created_at", date_from, date_to))
    if counterparty_id:
        hawalas = hawalas.filter(
            Q(saraf_id=saraf_id, destination_saraf_id=counterparty_id)
            | Q(saraf_id=counterparty_id, destination_saraf_id=saraf_id)
        )
    if search:
        match = Q(hawala_number__icontains=search)
        try:
            phone = normalize_phone(search)
        except serializers.ValidationError:
            phone = None
        if phone:
            match |= Q(sender_phone=phone) | Q(receiver_phone=phone)
        hawalas = hawalas.filter(match)
    return hawalas


def _totals(hawalas: QuerySet[HawalaTransaction], *, saraf_id: int) -> list[dict]:
    """Per status and currency; `total_fee` sums only the fees the saraf earned.

    A fee is the sending saraf's income: the receiving saraf never sees it,
    neither on one hawala nor summed up.
    """
    own_fee = Sum("fee", filter=Q(saraf_id=saraf_id))
    money = DecimalField(max_digits=24, decimal_places=8)
    return list(
        hawalas.values("status", "currency_id", "currency__minor_units")
        .annotate(
            count=Count("id"),
            total_amount=Sum("amount"),
            total_fee=Coalesce(own_fee, Value(Decimal("0")), output_field=money),
        )
        .order_by("status", "currency_id")
    )


def hawala_statistics(
    *, saraf_id: int, date_from: date | None = None, date_to: date | None = None
) -> dict:
    """Counts and sums per status and currency, outgoing and incoming apart."""
    hawalas = HawalaTransaction.objects.filter(
        local_days("created_at", date_from, date_to)
    )
    return {
        "date_from": date_from,
        "date_to": date_to,
        "outgoing": _totals(hawalas.filter(_outgoing(saraf_id)), saraf_id=saraf_id),
        "incoming": _totals(hawalas.filter(_incoming(saraf_id)), saraf_id=saraf_id),
    }


def hawala_lookup_by_phone(
    *, phone: str, hawala_number: str, sender_saraf_id: int | None = None
) -> HawalaTransaction:
    """The one hawala with that number sent to that phone; 404 if there is none.

    A hawala number is unique only for its sending saraf, so two sarafs may
    have sent the same number to one phone. `sender_saraf_id` (the sending
    saraf on AMU Pay) picks its hawala; without it, more than one match is
    409 `ambiguous_hawala`, which says nothing about the matches.
    """
    hawalas = HawalaTransaction.objects.select_related("currency").filter(
        receiver_phone=phone, hawala_number=hawala_number
    )
    if sender_saraf_id is not None:
        hawalas = hawalas.filter(_outgoing(sender_saraf_id))
    matches = list(hawalas.order_by("id")[:2])
    if not matches:
        raise HawalaNotFoundError()
    if len(matches) > 1:
        raise AmbiguousHawalaError()
    return matches[0]


def receipt_get(*, saraf_id: int, hawala_id: int) -> HawalaReceipt:
    """The saraf's receipt for one of its hawalas; 404 before it is generated."""
    if not valid_id(hawala_id):
        raise ReceiptNotFoundError()
    receipt = (
        HawalaReceipt.objects.select_related(
            "hawala__saraf", "hawala__destination_saraf", "hawala__currency"
        )
        .filter(saraf_id=saraf_id, hawala_id=hawala_id)
        .first()
    )
    if receipt is None:
        raise ReceiptNotFoundError()
    return receipt


def receipt_get_by_code(*, code: str) -> HawalaReceipt:
    receipt = (
        HawalaReceipt.objects.select_related("hawala")
        .filter(verification_code=code)
        .first()
    )
    if receipt is None:
        raise ReceiptNotFoundError()
    return receipt


def position_list(*, saraf_id: int) -> list[dict]:
    """Per counterparty saraf and currency, who owes whom from hawala.

    Reads the ledger's position balances: positive, the counterparty owes us
    (`they_owe`); negative, we owe it (`we_owe`).
    """
    accounts = (
        LedgerAccount.objects.filter(
            saraf_id=saraf_id, kind=LedgerAccount.Kind.POSITION
        )
        .select_related("counterparty", "currency")
        .order_by("counterparty_id", "currency_id")
    )
    positions = []
    for account in accounts:
        minor_units = account.currency.minor_units
        balance = account.balance
        positions.append(
            {
                "counterparty_saraf_id": account.counterparty_id,
                "counterparty_name": account.counterparty.name,
                "external": account.counterparty.phone == EXTERNAL_COUNTERPARTY_PHONE,
                "currency": account.currency_id,
                "balance": format_amount(balance, minor_units),
                "we_owe": format_amount(max(-balance, 0), minor_units),
                "they_owe": format_amount(max(balance, 0), minor_units),
            }
        )
    return positions

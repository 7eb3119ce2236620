"""Tell the other saraf of an internal hawala what happened, once it is committed."""

from django.db import transaction

from core.money import format_amount
from hawala.models import HawalaTransaction
from msg.services import notification_create_for_saraf_staff

Status = HawalaTransaction.Status


def hawala_notify(hawala: HawalaTransaction) -> None:
    """Notify the counterparty saraf's owner and staff of a new internal hawala
    (receivers) or of its status change (the side that did not make it)."""
    if hawala.mode != HawalaTransaction.Mode.INTERNAL:
        return
    if hawala.status in (Status.SENT, Status.CANCELLED):
        saraf_id, flag = hawala.destination_saraf_id, "receive_transfer"
    else:
        saraf_id, flag = hawala.saraf_id, "send_transfer"
    incoming = hawala.status == Status.SENT
    # In the currency's minor units, as everywhere in the API: "500.00 USD",
    # not the ledger's "500.00000000 USD".
    amount = (
        f"{format_amount(hawala.amount, hawala.currency.minor_units)} "
        f"{hawala.currency_id}"
    )
    title = (
        f"Incoming hawala {hawala.hawala_number}"
        if incoming
        else f"Hawala {hawala.hawala_number} {hawala.status}"
    )
    data = {
        "hawala_id": hawala.pk,
        "hawala_number": hawala.hawala_number,
        "status": hawala.status,
    }
    transaction.on_commit(
        lambda: notification_create_for_saraf_staff(
            saraf_id=saraf_id,
            flag=flag,
            kind="hawala_received" if incoming else "hawala_status",
            title=title,
            body=f"{amount} for {hawala.receiver_name}",
            data=data,
        )
    )

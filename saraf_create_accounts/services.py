from django.db import transaction
from django.db.models import Max

from saraf_account.models import SarafAccount
from saraf_create_accounts.models import CustomerAccount

ACCOUNT_NUMBER_PREFIX = "C-"
EDITABLE_FIELDS = ("full_name", "phone", "account_type", "address", "job")


def customer_account_create(
    *,
    saraf_id: int,
    full_name: str,
    phone: str,
    account_type: str,
    address: str = "",
    job: str = "",
    created_by_employee_id: int | None = None,
) -> CustomerAccount:
    """Open an account numbered C-000001, C-000002, … per saraf.

    The saraf row is locked while the next number is taken, so two accounts
    opened at once never get the same number.
    """
    with transaction.atomic():
        SarafAccount.objects.select_for_update(no_key=True).filter(
            pk=saraf_id
        ).values_list("pk", flat=True).get()
        last = CustomerAccount.objects.filter(saraf_id=saraf_id).aggregate(
            last=Max("sequence")
        )["last"]
        sequence = (last or 0) + 1
        return CustomerAccount.objects.create(
            saraf_id=saraf_id,
            sequence=sequence,
            account_number=f"{ACCOUNT_NUMBER_PREFIX}{sequence:06d}",
            full_name=full_name,
            phone=phone,
            account_type=account_type,
            address=address,
            job=job,
            created_by_employee_id=created_by_employee_id,
        )


def customer_account_update(
    *, account: CustomerAccount, changes: dict
) -> CustomerAccount:
    """Change who the account belongs to; never its number, saraf, status or money."""
    fields = [field for field in EDITABLE_FIELDS if field in changes]
    with transaction.atomic():
        for field in fields:
            setattr(account, field, changes[field])
        if fields:
            account.save(update_fields=[*fields, "updated_at"])
    return account

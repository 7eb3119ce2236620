from django.db import models


class CustomerAccount(models.Model):
    """An account a saraf keeps for a customer or another exchanger.

    Its money lives in the ledger (one customer ledger account per currency);
    this row holds who the account belongs to.
    """

    class AccountType(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        EXCHANGER = "exchanger", "Exchanger"

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        on_delete=models.PROTECT,
        related_name="customer_accounts",
    )
    sequence = models.PositiveIntegerField(
        editable=False, help_text="Per-saraf running number behind account_number."
    )
    account_number = models.CharField(max_length=16, editable=False)
    full_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +93791234567.")
    account_type = models.CharField(max_length=16, choices=AccountType.choices)
    address = models.CharField(max_length=300, blank=True)
    job = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    created_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the saraf owner created it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saraf", "sequence"], name="customer_account_sequence_per_saraf"
            ),
            models.UniqueConstraint(
                fields=["saraf", "account_number"],
                name="customer_account_number_per_saraf",
            ),
            models.CheckConstraint(
                condition=models.Q(account_type__in=["customer", "exchanger"]),
                name="customer_account_type_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["phone"], name="customer_account_phone_idx"),
            models.Index(
                fields=["saraf", "-created_at"], name="customer_account_saraf_idx"
            ),
        ]

    def __str__(self):
        return f"{self.account_number} {self.full_name}"

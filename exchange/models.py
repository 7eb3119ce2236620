from django.db import models
from django.db.models import F, Q

RATE_MAX_DIGITS = 20
RATE_DECIMAL_PLACES = 8


class RateType(models.TextChoices):
    PERSON = "person", "Person"
    EXCHANGER = "exchanger", "Exchanger"
    CUSTOMER = "customer", "Customer"


class ExchangeRate(models.Model):
    """A saraf's live quote for one currency pair and one rate type.

    A rate is read as "to_currency units for one from_currency unit". `buy_rate`
    is what the saraf pays when it buys from_currency, `sell_rate` what it asks
    when it sells from_currency. The values live in `ExchangeRateVersion` rows;
    this row keeps the identity (its id never changes) and points at the
    version in force now.
    """

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        on_delete=models.PROTECT,
        related_name="exchange_rates",
    )
    from_currency = models.CharField(max_length=3)
    to_currency = models.CharField(max_length=3)
    rate_type = models.CharField(max_length=16, choices=RateType.choices)
    current_version = models.OneToOneField(
        "ExchangeRateVersion",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty only inside the transaction that creates the rate.",
    )
    created_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the saraf owner created it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        help_text="When the version in force now took effect."
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_currency=F("to_currency")),
                name="exchange_rate_distinct_currencies",
            ),
            models.CheckConstraint(
                condition=Q(rate_type__in=RateType.values),
                name="exchange_rate_type_valid",
            ),
            models.UniqueConstraint(
                fields=["saraf", "from_currency", "to_currency", "rate_type"],
                condition=Q(retired_at__isnull=True),
                name="exchange_rate_one_live_per_pair_and_type",
            ),
        ]
        indexes = [
            models.Index(
                fields=["saraf", "from_currency", "to_currency"],
                name="exchange_rate_pair_idx",
            )
        ]

    def __str__(self):
        return f"{self.from_currency}-{self.to_currency} {self.rate_type}"

    @property
    def pair(self):
        return f"{self.from_currency}-{self.to_currency}"


class ExchangeRateVersion(models.Model):
    """One value of a rate; never changed once written."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    rate = models.ForeignKey(
        ExchangeRate, on_delete=models.PROTECT, related_name="versions"
    )
    buy_rate = models.DecimalField(
        max_digits=RATE_MAX_DIGITS, decimal_places=RATE_DECIMAL_PLACES
    )
    sell_rate = models.DecimalField(
        max_digits=RATE_MAX_DIGITS, decimal_places=RATE_DECIMAL_PLACES
    )
    inverted_allowed = models.BooleanField(
        default=False,
        help_text="Set when the buy rate is above the sell rate by explicit override.",
    )
    changed_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the saraf owner made the change.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    effective_from = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(buy_rate__gt=0) & Q(sell_rate__gt=0),
                name="exchange_rate_version_positive",
            ),
            models.CheckConstraint(
                condition=Q(inverted_allowed=True) | Q(buy_rate__lte=F("sell_rate")),
                name="exchange_rate_version_not_inverted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["rate", "effective_from"], name="exchange_version_at_idx"
            ),
            models.Index(
                fields=["saraf", "effective_from"], name="exchange_version_saraf_idx"
            ),
        ]

    def __str__(self):
        return f"{self.rate_id}: {self.buy_rate}/{self.sell_rate}"


AMOUNT = {"max_digits": 24, "decimal_places": 8}


class RateSide(models.TextChoices):
    BUY = "buy", "Our buy rate: we buy the pair's from-currency"
    SELL = "sell", "Our sell rate: we sell the pair's from-currency"
    MANUAL = "manual", "A rate given with the deal"


class ExchangeDeal(models.Model):
    """The customer gives `amount` of from_currency and gets `target_amount` of
    to_currency at `rate`, quoted as rate_quote_currency units per one
    rate_base_currency unit; written once, with its one journal entry."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.PROTECT, related_name="+"
    )
    customer_account = models.ForeignKey(
        "saraf_create_accounts.CustomerAccount",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exchange_deals",
        help_text="Empty for a walk-in customer paying and paid in cash.",
    )
    from_currency = models.CharField(max_length=3)
    to_currency = models.CharField(max_length=3)
    amount = models.DecimalField(**AMOUNT)
    target_amount = models.DecimalField(**AMOUNT)
    rate_type = models.CharField(max_length=16, choices=RateType.choices)
    rate = models.DecimalField(
        max_digits=RATE_MAX_DIGITS, decimal_places=RATE_DECIMAL_PLACES
    )
    rate_side = models.CharField(max_length=8, choices=RateSide.choices)
    rate_base_currency = models.CharField(max_length=3)
    rate_quote_currency = models.CharField(max_length=3)
    rate_version = models.ForeignKey(
        ExchangeRateVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The rate version used; empty for a manual rate.",
    )
    journal_entry = models.OneToOneField(
        "ledger.JournalEntry", on_delete=models.PROTECT, related_name="+"
    )
    performed_by_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the saraf owner performed it.",
    )
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(target_amount__gt=0) & Q(rate__gt=0),
                name="exchange_deal_positive",
            ),
            models.CheckConstraint(
                condition=~Q(from_currency=F("to_currency")),
                name="exchange_deal_distinct_currencies",
            ),
            models.CheckConstraint(
                condition=Q(
                    rate_base_currency=F("from_currency"),
                    rate_quote_currency=F("to_currency"),
                )
                | Q(
                    rate_base_currency=F("to_currency"),
                    rate_quote_currency=F("from_currency"),
                ),
                name="exchange_deal_rate_quotes_its_pair",
            ),
        ]
        indexes = [
            models.Index(
                fields=["saraf", "-created_at"], name="exchange_deal_saraf_idx"
            ),
            models.Index(
                fields=["saraf", "from_currency", "to_currency", "created_at"],
                name="exchange_deal_pair_idx",
            ),
        ]

    def __str__(self):
        return f"{self.amount} {self.from_currency} -> {self.to_currency}"

    @property
    def pair(self):
        return f"{self.from_currency}-{self.to_currency}"

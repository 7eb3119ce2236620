from django.db import models


class Currency(models.Model):
    """An ISO 4217 currency; `minor_units` is how many decimals its amounts may have."""

    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)
    symbol = models.CharField(max_length=8, blank=True)
    minor_units = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "currencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minor_units__lte=4),
                name="currency_minor_units_at_most_4",
            ),
        ]

    def __str__(self):
        return self.code


class SarafCurrency(models.Model):
    """A currency a saraf works in: money moves only in these."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        on_delete=models.CASCADE,
        related_name="supported_currencies",
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="saraf_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saraf", "currency"], name="saraf_currency_unique"
            )
        ]

    def __str__(self):
        return f"{self.currency_id}@{self.saraf_id}"

"""Retire the live rates left in a currency the saraf had already removed.

Before removing a currency retired its rates, such rates stayed on the public
board and could be updated although no deal could use them. They are retired
now, as removing the currency does from this release on; their history stays.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def retire_orphans(apps, schema_editor):
    ExchangeRate = apps.get_model("exchange", "ExchangeRate")
    SarafCurrency = apps.get_model("currency", "SarafCurrency")

    def supported(field):
        return Exists(
            SarafCurrency.objects.filter(
                saraf_id=OuterRef("saraf_id"), currency_id=OuterRef(field)
            )
        )

    ExchangeRate.objects.filter(retired_at__isnull=True).exclude(
        supported("from_currency") & supported("to_currency")
    ).update(retired_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_exchangedeal"),
        ("currency", "0002_iso_4217_currencies"),
    ]

    operations = [migrations.RunPython(retire_orphans, migrations.RunPython.noop)]

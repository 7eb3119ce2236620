"""ISO 4217 currencies with their official minor units.

IRR follows ISO 4217 (2 minor units) even though rials are quoted without
decimals in practice; a saraf simply never enters them.
"""

from django.db import migrations

CURRENCIES = [
    ("AED", "UAE Dirham", "د.إ", 2),
    ("AFN", "Afghan Afghani", "؋", 2),
    ("AUD", "Australian Dollar", "A$", 2),
    ("AZN", "Azerbaijani Manat", "₼", 2),
    ("BDT", "Bangladeshi Taka", "৳", 2),
    ("BHD", "Bahraini Dinar", ".د.ب", 3),
    ("CAD", "Canadian Dollar", "CA$", 2),
    ("CHF", "Swiss Franc", "CHF", 2),
    ("CNY", "Chinese Yuan Renminbi", "¥", 2),
    ("CZK", "Czech Koruna", "Kč", 2),
    ("DKK", "Danish Krone", "kr", 2),
    ("EGP", "Egyptian Pound", "E£", 2),
    ("EUR", "Euro", "€", 2),
    ("GBP", "Pound Sterling", "£", 2),
    ("GEL", "Georgian Lari", "₾", 2),
    ("HKD", "Hong Kong Dollar", "HK$", 2),
    ("IDR", "Indonesian Rupiah", "Rp", 2),
    ("INR", "Indian Rupee", "₹", 2),
    ("IQD", "Iraqi Dinar", "ع.د", 3),
    ("IRR", "Iranian Rial", "﷼", 2),
    ("JOD", "Jordanian Dinar", "د.ا", 3),
    ("JPY", "Japanese Yen", "¥", 0),
    ("KGS", "Kyrgyzstani Som", "сом", 2),
    ("KRW", "South Korean Won", "₩", 0),
    ("KWD", "Kuwaiti Dinar", "د.ك", 3),
    ("KZT", "Kazakhstani Tenge", "₸", 2),
    ("MYR", "Malaysian Ringgit", "RM", 2),
    ("NOK", "Norwegian Krone", "kr", 2),
    ("NZD", "New Zealand Dollar", "NZ$", 2),
    ("OMR", "Omani Rial", "ر.ع.", 3),
    ("PKR", "Pakistani Rupee", "₨", 2),
    ("PLN", "Polish Zloty", "zł", 2),
    ("QAR", "Qatari Riyal", "ر.ق", 2),
    ("RUB", "Russian Ruble", "₽", 2),
    ("SAR", "Saudi Riyal", "ر.س", 2),
    ("SEK", "Swedish Krona", "kr", 2),
    ("SGD", "Singapore Dollar", "S$", 2),
    ("THB", "Thai Baht", "฿", 2),
    ("TJS", "Tajikistani Somoni", "SM", 2),
    ("TMT", "Turkmenistani Manat", "m", 2),
    ("TRY", "Turkish Lira", "₺", 2),
    ("UAH", "Ukrainian Hryvnia", "₴", 2),
    ("USD", "US Dollar", "$", 2),
    ("UZS", "Uzbekistani Som", "soʻm", 2),
    ("ZAR", "South African Rand", "R", 2),
]


def load(apps, schema_editor):
    Currency = apps.get_model("currency", "Currency")
    for code, name, symbol, minor_units in CURRENCIES:
        Currency.objects.update_or_create(
            code=code,
            defaults={"name": name, "symbol": symbol, "minor_units": minor_units},
        )


class Migration(migrations.Migration):
    dependencies = [("currency", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

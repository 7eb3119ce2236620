from django.apps import AppConfig


class SarafBalanceConfig(AppConfig):
    name = "saraf_balance"

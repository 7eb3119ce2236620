from django.apps import AppConfig


class SarafCreateAccountsConfig(AppConfig):
    name = "saraf_create_accounts"

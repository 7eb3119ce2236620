from django.apps import AppConfig


class SarafAccountConfig(AppConfig):
    name = "saraf_account"

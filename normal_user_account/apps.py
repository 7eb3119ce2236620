from django.apps import AppConfig


class NormalUserAccountConfig(AppConfig):
    name = "normal_user_account"

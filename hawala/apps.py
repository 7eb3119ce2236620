from django.apps import AppConfig


class HawalaConfig(AppConfig):
    name = "hawala"

from django.apps import AppConfig


class SarafSocialConfig(AppConfig):
    name = "saraf_social"

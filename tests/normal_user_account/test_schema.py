from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator

PREFIX = "/api/normal-user/"


def test_every_endpoint_is_in_the_openapi_schema_with_its_bodies():
    schema = SchemaGenerator(
        patterns=[path("api/normal-user/", include("normal_user_account.urls"))]
    ).get_schema(request=None, public=True)
    paths = schema["paths"]

    posts = [
        "register/",
        "verify-otp/",
        "resend-otp/",
        "login/",
        "logout/",
        "forgot-password/",
        "reset-password/",
        "change-password/",
    ]
    for name in posts:
        operation = paths[PREFIX + name]["post"]
        assert "requestBody" in operation, name
        assert {"200", "201"} & set(operation["responses"]), name
    assert set(paths[PREFIX + "profile/"]) == {"get", "patch"}
    login = paths[PREFIX + "login/"]["post"]["responses"]
    assert {"401", "403", "429"} <= set(login)

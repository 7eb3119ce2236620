import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.db import models


class PasswordHolder(models.Model):
    """An API identity that logs in with a Django-hashed password."""

    password = models.CharField(max_length=128)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def set_password(self, raw_password):
        self.password = make_password(raw_password)

    def check_password(self, raw_password):
        return check_password(raw_password, self.password)


class IdentityKind(models.TextChoices):
    SARAF = "saraf", "Saraf owner"
    EMPLOYEE = "employee", "Saraf employee"
    NORMAL_USER = "normal_user", "Normal user"


class AuthSession(models.Model):
    """One login: every token carries its id, so revoking it ends them all at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=IdentityKind.choices)
    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", null=True, blank=True, on_delete=models.CASCADE
    )
    employee = models.ForeignKey(
        "saraf_account.SarafEmployee", null=True, blank=True, on_delete=models.CASCADE
    )
    normal_user = models.ForeignKey(
        "normal_user_account.NormalUser",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    refresh_jti = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=256, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "saraf", "employee", "normal_user"])]

    def __str__(self):
        return f"{self.kind} session {self.id}"

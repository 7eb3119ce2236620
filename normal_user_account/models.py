from django.db import models

from core.models import PasswordHolder


class NormalUser(PasswordHolder):
    """An end customer who signed up themself."""

    full_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, unique=True, null=True, blank=True)
    phone = models.CharField(max_length=20, unique=True, null=True, blank=True)
    email_verified = models.BooleanField(default=False)
    phone_verified = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="normal_user_has_a_contact",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_verified(self):
        return self.email_verified or self.phone_verified

    @property
    def status(self):
        if not self.is_active:
            return "inactive"
        return "active" if self.is_verified else "pending_verification"

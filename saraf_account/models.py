from django.db import models

from core.models import PasswordHolder
from core.permissions import FLAGS
from core.uploads import private_storage


class SarafAccount(PasswordHolder):
    """A saraf business; its owner logs in as this account."""

    name = models.CharField(max_length=200)
    license_no = models.CharField(max_length=64)
    email = models.EmailField(max_length=254, unique=True, null=True, blank=True)
    phone = models.CharField(max_length=20, unique=True, null=True, blank=True)
    email_verified = models.BooleanField(default=False)
    phone_verified = models.BooleanField(default=False)
    province = models.CharField(max_length=100, blank=True)
    address = models.CharField(max_length=300, blank=True)
    description = models.TextField(max_length=2000, blank=True)
    logo = models.ImageField(upload_to="saraf/logo/", blank=True)
    wallpaper = models.ImageField(upload_to="saraf/wallpaper/", blank=True)
    license_document = models.FileField(
        upload_to="saraf/license/", storage=private_storage, blank=True
    )
    id_card = models.FileField(
        upload_to="saraf/id_card/", storage=private_storage, blank=True
    )
    is_license_verified = models.BooleanField(
        default=False, help_text="Set by an admin after reviewing the licence document."
    )
    license_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(
        default=True,
        help_text="An inactive saraf and its employees are refused at once.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="saraf_has_a_contact",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.email_verified or self.phone_verified

    @property
    def status(self):
        if not self.is_active:
            return "inactive"
        return "active" if self.is_verified else "pending_verification"


class SarafEmployee(PasswordHolder):
    """Someone who works for a saraf, under permission flags."""

    saraf = models.ForeignKey(
        SarafAccount, on_delete=models.CASCADE, related_name="employees"
    )
    username = models.CharField(max_length=64)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    send_transfer = models.BooleanField(default=False)
    receive_transfer = models.BooleanField(default=False)
    deliver_amount = models.BooleanField(default=False)
    deposit_to_account = models.BooleanField(default=False)
    withdraw_from_account = models.BooleanField(default=False)
    give_money = models.BooleanField(default=False)
    take_money = models.BooleanField(default=False)
    loans = models.BooleanField(default=False)
    create_accounts = models.BooleanField(default=False)
    edit_accounts = models.BooleanField(default=False)
    delete_accounts = models.BooleanField(default=False)
    create_exchange = models.BooleanField(default=False)
    manage_rates = models.BooleanField(default=False)
    add_currency = models.BooleanField(default=False)
    add_employee = models.BooleanField(default=False)
    change_password = models.BooleanField(default=False)
    view_history = models.BooleanField(default=False)
    see_how_did_works = models.BooleanField(default=False)
    edit_profile = models.BooleanField(default=False)
    chat = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saraf", "username"], name="employee_username_per_saraf"
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.username}@{self.saraf_id})"

    @property
    def permissions(self):
        return {flag: getattr(self, flag) for flag in FLAGS}

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"
    WHATSAPP = "whatsapp", "WhatsApp"


class OtpStatus(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Delivery failed"
    USED = "used", "Used"
    SUPERSEDED = "superseded", "Superseded"


class OtpCode(models.Model):
    """One code sent (or being sent) to one destination for one purpose.

    Only a keyed hash of the code is stored. Rows that reached the provider
    (every status but `failed`) count toward the resend cooldown and the caps.
    """

    channel = models.CharField(max_length=10, choices=Channel.choices)
    destination = models.CharField(max_length=254)
    purpose = models.CharField(max_length=40)
    code_hash = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=OtpStatus.choices, default=OtpStatus.SENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    client_ip = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["destination", "purpose", "-created_at"]),
            models.Index(fields=["destination", "-created_at"]),
            models.Index(fields=["client_ip", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="otp_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"{self.channel} code for {self.destination} ({self.purpose})"


class ContactKind(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"


class VerifiedContact(models.Model):
    """An email or phone number whose owner proved it with a code."""

    kind = models.CharField(max_length=5, choices=ContactKind.choices)
    destination = models.CharField(max_length=254, unique=True)
    verified_at = models.DateTimeField()

    def __str__(self):
        return self.destination

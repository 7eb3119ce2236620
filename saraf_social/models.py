from django.db import models

MAX_COMMENT_LENGTH = 1000


class SarafLike(models.Model):
    """One normal user likes one saraf; liking again takes it back."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.CASCADE, related_name="likes"
    )
    normal_user = models.ForeignKey(
        "normal_user_account.NormalUser",
        on_delete=models.CASCADE,
        related_name="saraf_likes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saraf", "normal_user"], name="social_one_like_per_user"
            )
        ]
        indexes = [models.Index(fields=["normal_user", "-created_at"])]

    def __str__(self):
        return f"{self.normal_user_id} likes {self.saraf_id}"


class SarafComment(models.Model):
    """A normal user's public comment on a saraf; the saraf's owner may hide it."""

    saraf = models.ForeignKey(
        "saraf_account.SarafAccount", on_delete=models.CASCADE, related_name="comments"
    )
    normal_user = models.ForeignKey(
        "normal_user_account.NormalUser",
        on_delete=models.CASCADE,
        related_name="saraf_comments",
    )
    text = models.TextField(max_length=MAX_COMMENT_LENGTH)
    is_hidden = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["saraf", "is_hidden", "-created_at"]),
            models.Index(fields=["normal_user", "-created_at"]),
        ]

    def __str__(self):
        return f"comment {self.pk} on {self.saraf_id}"

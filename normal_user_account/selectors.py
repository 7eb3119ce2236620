from normal_user_account.models import NormalUser


def normal_user_get_by_contact(
    *, email: str | None = None, phone: str | None = None
) -> NormalUser | None:
    """The account holding this normalised email or phone, if any."""
    if email:
        return NormalUser.objects.filter(email=email).first()
    return NormalUser.objects.filter(phone=phone).first()

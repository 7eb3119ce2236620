"""Who may call what: identity kinds, the 20 employee flags, and templates."""

from rest_framework.permissions import BasePermission

from core.models import IdentityKind

FLAGS = (
    "send_transfer",
    "receive_transfer",
    "deliver_amount",
    "deposit_to_account",
    "withdraw_from_account",
    "give_money",
    "take_money",
    "loans",
    "create_accounts",
    "edit_accounts",
    "delete_accounts",
    "create_exchange",
    "manage_rates",
    "add_currency",
    "add_employee",
    "change_password",
    "view_history",
    "see_how_did_works",
    "edit_profile",
    "chat",
)


def _template(*flags):
    return {flag: flag in flags for flag in FLAGS}


TEMPLATES = {
    "cashier": _template(
        "deposit_to_account",
        "withdraw_from_account",
        "give_money",
        "take_money",
        "deliver_amount",
        "view_history",
        "chat",
    ),
    "hawala_clerk": _template(
        "send_transfer", "receive_transfer", "deliver_amount", "view_history", "chat"
    ),
    "accountant": _template(
        "create_accounts",
        "edit_accounts",
        "view_history",
        "see_how_did_works",
        "loans",
        "add_currency",
    ),
    "exchange_dealer": _template(
        "create_exchange", "manage_rates", "add_currency", "view_history", "chat"
    ),
    "manager": _template(*FLAGS),
    "read_only": _template("view_history", "see_how_did_works"),
}


class IsSarafStaff(BasePermission):
    """The caller is a saraf owner or one of its active employees."""

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and identity.kind in (
            IdentityKind.SARAF,
            IdentityKind.EMPLOYEE,
        )


class IsSarafOwner(BasePermission):
    """The caller is a saraf owner."""

    message = "Only the saraf owner may do this."

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and identity.kind == IdentityKind.SARAF


class IsNormalUser(BasePermission):
    """The caller is a normal user."""

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and identity.kind == IdentityKind.NORMAL_USER


def HasFlag(flag):  # noqa: N802 - reads as a permission class at the call site
    """A permission class: the owner, or an employee holding `flag`."""
    if flag not in FLAGS:
        raise ValueError(f"unknown permission flag {flag!r}")

    class _HasFlag(BasePermission):
        message = f"This needs the '{flag}' permission."

        def has_permission(self, request, view):
            identity = request.user
            return bool(identity) and identity.has_perm(flag)

    _HasFlag.__name__ = f"HasFlag_{flag}"
    _HasFlag.flag = flag
    return _HasFlag

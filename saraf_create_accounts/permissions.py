from rest_framework.permissions import BasePermission

ACCOUNT_READ_FLAGS = (
    "view_history",
    "create_accounts",
    "edit_accounts",
    "delete_accounts",
)


class CanSeeAccounts(BasePermission):
    """The owner, or an employee who manages customer accounts or views history."""

    message = "This needs one of the permissions: " + ", ".join(ACCOUNT_READ_FLAGS)

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and any(
            identity.has_perm(flag) for flag in ACCOUNT_READ_FLAGS
        )

from rest_framework.permissions import BasePermission

DEAL_READ_FLAGS = ("create_exchange", "manage_rates", "view_history")


class CanSeeDeals(BasePermission):
    """The owner, or an employee who deals in currency, sets rates or views history."""

    message = "This needs one of the permissions: " + ", ".join(DEAL_READ_FLAGS)

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and any(
            identity.has_perm(flag) for flag in DEAL_READ_FLAGS
        )

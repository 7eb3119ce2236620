from rest_framework.permissions import BasePermission

READ_FLAGS = ("view_history", "send_transfer", "receive_transfer", "deliver_amount")


class CanReadHawalas(BasePermission):
    """The owner, or an employee holding view_history or any hawala flag."""

    message = (
        "This needs the 'view_history', 'send_transfer', 'receive_transfer' or "
        "'deliver_amount' permission."
    )

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and any(identity.has_perm(flag) for flag in READ_FLAGS)


class CanReceiveOrDeliver(BasePermission):
    """The owner, or an employee holding receive_transfer or deliver_amount."""

    message = "This needs the 'receive_transfer' or 'deliver_amount' permission."

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and (
            identity.has_perm("receive_transfer") or identity.has_perm("deliver_amount")
        )

from rest_framework.permissions import BasePermission

from core.models import IdentityKind


class CanChat(BasePermission):
    """A normal user, a saraf owner, or an employee holding the 'chat' flag."""

    message = "This needs the 'chat' permission."

    def has_permission(self, request, view):
        identity = request.user
        return bool(identity) and (
            identity.kind != IdentityKind.EMPLOYEE or identity.has_perm("chat")
        )

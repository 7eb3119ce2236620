from core.errors import ApplicationError, ConflictError


class ContactTakenError(ConflictError):
    def __init__(self, fields):
        super().__init__(
            "An account with this contact already exists.",
            code="contact_taken",
            fields=fields,
        )


class AlreadyVerifiedError(ConflictError):
    def __init__(self):
        super().__init__(
            "Every contact of this account is already verified.",
            code="already_verified",
        )


class InvalidCredentialsError(ApplicationError):
    def __init__(self):
        super().__init__(
            "The contact or the password is wrong.",
            code="invalid_credentials",
            status=401,
        )


class NotVerifiedError(ApplicationError):
    def __init__(self):
        super().__init__(
            "Verify this contact with the code sent to it before logging in.",
            code="not_verified",
            status=403,
        )


class AccountInactiveError(ApplicationError):
    def __init__(self):
        super().__init__(
            "This account is deactivated.", code="account_inactive", status=403
        )


class WrongPasswordError(ApplicationError):
    def __init__(self):
        super().__init__(
            "The current password is wrong.",
            code="wrong_password",
            fields={"old_password": ["The current password is wrong."]},
        )

from core.errors import ApplicationError


class ContactTakenError(ApplicationError):
    def __init__(self, *, fields: dict):
        super().__init__(
            "An account with this contact already exists.",
            code="contact_taken",
            status=409,
            fields=fields,
        )


class InvalidCredentialsError(ApplicationError):
    def __init__(self):
        super().__init__(
            "The login details are not correct.",
            code="invalid_credentials",
            status=401,
        )


class NotVerifiedError(ApplicationError):
    def __init__(self):
        super().__init__(
            "Verify your email or phone with the code we sent before logging in.",
            code="not_verified",
            status=403,
        )


class AlreadyVerifiedError(ApplicationError):
    def __init__(self):
        super().__init__(
            "Every contact of this account is already verified.",
            code="already_verified",
            status=409,
        )


class UsernameTakenError(ApplicationError):
    def __init__(self):
        message = "This saraf already has an employee with this username."
        super().__init__(
            message, code="username_taken", status=409, fields={"username": [message]}
        )


class PermissionEscalationError(ApplicationError):
    def __init__(self, *, flags: list[str]):
        super().__init__(
            "You can only grant permissions you hold, and only manage employees "
            "whose permissions you hold. Missing: " + ", ".join(flags) + ".",
            code="permission_escalation",
            status=403,
            fields={"permissions": flags},
        )


class WrongPasswordError(ApplicationError):
    def __init__(self):
        message = "The current password is not correct."
        super().__init__(
            message,
            code="wrong_password",
            status=400,
            fields={"old_password": [message]},
        )


class UnknownTemplateError(ApplicationError):
    def __init__(self, *, name: str):
        message = f"Unknown permission template {name!r}."
        super().__init__(
            message, code="validation_error", fields={"template": [message]}
        )


class UnknownFlagError(ApplicationError):
    def __init__(self, *, flags: list[str]):
        message = "Unknown permission flags: " + ", ".join(flags) + "."
        super().__init__(
            message, code="validation_error", fields={"permissions": [message]}
        )

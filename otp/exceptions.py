from core.errors import ApplicationError


class OtpCooldownError(ApplicationError):
    def __init__(self, *, seconds: int):
        super().__init__(
            f"A code was sent moments ago. Try again in {seconds} seconds.",
            code="otp_cooldown",
            status=429,
            fields={"retry_after_seconds": seconds},
        )


class OtpRateLimitedError(ApplicationError):
    def __init__(self, *, seconds: int):
        super().__init__(
            f"Too many codes requested. Try again in {seconds} seconds.",
            code="otp_rate_limited",
            status=429,
            fields={"retry_after_seconds": seconds},
        )


class InvalidCodeError(ApplicationError):
    def __init__(self, *, field: str = "code"):
        message = "The code is wrong, expired or already used."
        super().__init__(message, code="invalid_code", fields={field: [message]})


class OtpLockedError(ApplicationError):
    def __init__(self, *, field: str = "code"):
        message = "Too many wrong codes. Request a new code."
        super().__init__(message, code="otp_locked", fields={field: [message]})


class InvalidEmailError(ApplicationError):
    def __init__(self, *, field: str = "email"):
        message = "Enter a valid email address."
        super().__init__(message, code="invalid_email", fields={field: [message]})


class InvalidPhoneError(ApplicationError):
    def __init__(self, *, field: str = "phone"):
        message = "The messaging provider refused this phone number."
        super().__init__(message, code="invalid_phone", fields={field: [message]})


class ProviderError(ApplicationError):
    def __init__(self, *, channel: str):
        super().__init__(
            f"The {channel} provider could not deliver the code. Try again later.",
            code="provider_error",
            status=502,
        )

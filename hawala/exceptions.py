from core.errors import ApplicationError, ConflictError, NotFoundError


class DuplicateHawalaNumberError(ConflictError):
    def __init__(self, hawala_number):
        message = f"Hawala number {hawala_number} is already used by this saraf."
        super().__init__(
            message,
            code="duplicate_hawala_number",
            fields={"hawala_number": [message]},
        )


class InvalidTransitionError(ConflictError):
    def __init__(self, current, target):
        super().__init__(
            f"A hawala in status '{current}' cannot become '{target}'.",
            code="invalid_transition",
        )


class AmbiguousHawalaError(ConflictError):
    def __init__(self):
        message = (
            "More than one saraf sent a hawala with this number to this phone. "
            "Give sender_saraf_id: the id of the sending saraf, on the receipt."
        )
        super().__init__(
            message, code="ambiguous_hawala", fields={"sender_saraf_id": [message]}
        )


class VerificationFailedError(ApplicationError):
    def __init__(self, field):
        message = "The hawala number or the beneficiary's ID number does not match."
        super().__init__(
            message, code="verification_failed", status=400, fields={field: [message]}
        )


class InvalidDestinationError(ApplicationError):
    def __init__(self, message):
        super().__init__(
            message,
            code="invalid_destination",
            status=400,
            fields={"destination_saraf_id": [message]},
        )


class InvalidCounterpartyError(ApplicationError):
    def __init__(self):
        message = "Choose another saraf on AMU Pay as the counterparty."
        super().__init__(
            message,
            code="invalid_counterparty",
            status=400,
            fields={"counterparty_saraf_id": [message]},
        )


class HawalaNotFoundError(NotFoundError):
    def __init__(self):
        super().__init__("No such hawala.")


class ReceiptNotFoundError(NotFoundError):
    def __init__(self):
        super().__init__("No such receipt.")


class SettlementExceedsPositionError(ApplicationError):
    def __init__(self, *, we_owe: str, they_owe: str, direction: str):
        owed = we_owe if direction == "we_paid" else they_owe
        message = (
            f"A {direction} settlement can be at most {owed}: we owe this saraf "
            f"{we_owe} and it owes us {they_owe} in this currency."
        )
        super().__init__(
            message,
            code="settlement_exceeds_position",
            status=400,
            fields={"amount": [message]},
        )

from core.errors import ConflictError


class AccountInactiveError(ConflictError):
    def __init__(self):
        super().__init__(
            "This account is closed; no money can move on it.", code="account_inactive"
        )


class BalanceNotZeroError(ConflictError):
    def __init__(self, balances: dict[str, str]):
        super().__init__(
            "The account still holds money; bring every balance to zero first.",
            code="balance_not_zero",
            fields={currency: [balance] for currency, balance in balances.items()},
        )

"""A small world of real objects for the schema fuzzer to hit.

Saraf A (the caller) and saraf B both work in AFN and USD with cash in hand;
A has an employee, a customer account with money on it, a hawala sent to B,
a hawala received from B, a receipt, an exchange rate and a deal, a comment
from a normal user and a conversation with that user. `ids` maps each path
parameter name of the API to the id of one of A's objects.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from core.auth import Identity, session_create
from core.models import IdentityKind
from currency.services import saraf_currency_add
from exchange.services import deal_create, rate_create
from hawala.services import hawala_receive, hawala_send, receipt_generate
from msg.services import conversation_create, message_send, notification_create
from saraf_create_accounts.services import customer_account_create, deposit_to_account
from saraf_social.services import comment_create
from tests.factories import EmployeeFactory, NormalUserFactory, SarafFactory
from transaction.services import transaction_create

CURRENCIES = ("AFN", "USD")


@dataclass
class World:
    token: str
    ids: dict = field(default_factory=dict)


def _owner(saraf):
    return Identity(kind=IdentityKind.SARAF, session_id="seed", saraf=saraf)


def _open_saraf():
    saraf = SarafFactory()
    identity = _owner(saraf)
    for code in CURRENCIES:
        saraf_currency_add(saraf_id=saraf.pk, code=code)
        transaction_create(
            identity=identity,
            currency=code,
            amount=Decimal("1000000"),
            transaction_type="deposit",
        )
    return saraf, identity


def seed() -> World:
    saraf, owner = _open_saraf()
    other, other_owner = _open_saraf()
    employee = EmployeeFactory(saraf=saraf)
    user = NormalUserFactory()

    account = customer_account_create(
        saraf_id=saraf.pk,
        full_name="Ahmad Karimi",
        phone=user.phone,
        account_type="customer",
    )
    deposit_to_account(
        saraf_id=saraf.pk,
        account_id=account.pk,
        currency="USD",
        amount=Decimal("500"),
        performed_by=owner,
    )
    hawala_send(
        identity=owner,
        hawala_number="A-1",
        amount=Decimal("100"),
        currency="USD",
        sender_name="Sender",
        receiver_name="Receiver",
        receiver_phone="+93700000001",
        destination_saraf_id=other.pk,
    )
    incoming = hawala_send(
        identity=other_owner,
        hawala_number="B-1",
        amount=Decimal("50"),
        currency="USD",
        sender_name="Sender",
        receiver_name="Receiver",
        receiver_phone="+93700000002",
        destination_saraf_id=saraf.pk,
    )
    hawala_receive(identity=owner, hawala_id=incoming.pk)
    receipt, _ = receipt_generate(identity=owner, hawala_id=incoming.pk)
    rate = rate_create(
        saraf_id=saraf.pk,
        from_currency="USD",
        to_currency="AFN",
        rate_type="customer",
        buy_rate=Decimal("70"),
        sell_rate=Decimal("71"),
        performed_by=owner,
    )
    deal = deal_create(
        saraf_id=saraf.pk,
        from_currency="USD",
        to_currency="AFN",
        amount=Decimal("10"),
        rate_type="customer",
        performed_by=owner,
    )
    comment = comment_create(normal_user=user, saraf_id=saraf.pk, text="Fair rates")
    conversation, _ = conversation_create(
        identity=owner, participants=[(IdentityKind.NORMAL_USER, user.pk)]
    )
    message = message_send(
        identity=owner, conversation_id=conversation.pk, text="Salaam"
    )
    notification = notification_create(
        recipient_saraf_id=saraf.pk, kind="system", title="Welcome", body="Hello"
    )
    return World(
        token=session_create(saraf=saraf)["access"],
        ids={
            "saraf_id": saraf.pk,
            "employee_id": employee.pk,
            "account_id": account.pk,
            "hawala_id": incoming.pk,
            "code": receipt.verification_code,
            "rate_id": rate.pk,
            "deal_id": deal.pk,
            "comment_id": comment.pk,
            "conversation_id": conversation.pk,
            "message_id": message.pk,
            "notification_id": notification.pk,
            "currency": "USD",
            "phone": user.phone,
            "kind": "license",
        },
    )

"""A small AMU Pay for the authorization matrix: two sarafs and what saraf A owns.

`World` is built per test. Identities exist from the start; every resource is
made on first use (`world.obj("deal")`), so a row pays only for what its URL
points to. Resources of saraf A are named plainly; `world.obj(name, saraf="b")`
builds the same kind of object for saraf B (used by the list-tenancy test).

Counterparties are strangers to B: a hawala of A goes to or comes from saraf C,
and A's conversations are with normal user V. So whenever B's owner reaches
one of A's objects, B has no legitimate relation to it and must get 404.
"""

import io
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from PIL import Image
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from core.auth import Identity, session_revoke_by_refresh
from core.models import IdentityKind
from core.permissions import FLAGS
from currency.models import SarafCurrency
from ledger.services import Leg, entry_post
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, NormalUserFactory, SarafFactory
from tests.ledger.helpers import ensure_currencies

CURRENCIES = ("USD", "AFN", "EUR")

ANON, USER, OWNER, EMP, EMP_FLAG, B_OWNER = (
    "anonymous",
    "normal_user",
    "a_owner",
    "a_employee_no_flags",
    "a_employee_with_flag",
    "b_owner",
)
CALLERS = (ANON, USER, OWNER, EMP, EMP_FLAG, B_OWNER)
LOGGED_OUT, DEACTIVATED = "a_owner_logged_out", "a_employee_with_flag_deactivated"
ALL_BUT = "a_employee_with_every_other_flag"
CLOSED_SARAF = "a_owner_after_saraf_deactivated"

PROJECT_APPS = (
    "core",
    "saraf_account",
    "normal_user_account",
    "otp",
    "currency",
    "ledger",
    "saraf_balance",
    "transaction",
    "saraf_create_accounts",
    "hawala",
    "exchange",
    "msg",
    "saraf_social",
)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), (20, 120, 40)).save(out, format="PNG")
    return out.getvalue()


def owner_identity(saraf) -> Identity:
    return Identity(kind=IdentityKind.SARAF, session_id="matrix", saraf=saraf)


def user_identity(normal_user) -> Identity:
    return Identity(
        kind=IdentityKind.NORMAL_USER, session_id="matrix", normal_user=normal_user
    )


def fund(saraf, code, amount, customer_account=None):
    """Cash in against capital, or a deposit onto a customer account."""
    amount = Decimal(amount)
    other = (
        Leg("customer", code, amount, customer_account.pk)
        if customer_account
        else Leg("capital", code, amount)
    )
    return entry_post(
        saraf_id=saraf.pk,
        kind="matrix_funding",
        legs=[Leg("cash", code, amount), other],
        performed_by=None,
    )


class World:
    def __init__(self, flag=None, also=()):
        ensure_currencies()
        self.a = SarafFactory(name="Alpha Sarafi", province="Kabul")
        self.b = SarafFactory(name="Bravo Sarafi", province="Herat")
        self.c = SarafFactory(name="Charlie Sarafi", province="Balkh")
        SarafCurrency.objects.bulk_create(
            [
                SarafCurrency(saraf=saraf, currency_id=code)
                for saraf in (self.a, self.b, self.c)
                for code in CURRENCIES
            ]
        )
        self._funded = set()
        self.cash(self.a)
        self.user = NormalUserFactory()
        self.flag = flag
        self.also = also
        self._objects = {}
        self._clients = {}

    def cash(self, saraf):
        """Give `saraf` till money once, so payouts and exchanges can succeed."""
        if saraf.pk not in self._funded:
            self._funded.add(saraf.pk)
            fund(saraf, "USD", "10000")
            fund(saraf, "AFN", "500000")

    def saraf(self, which):
        return {"a": self.a, "b": self.b, "c": self.c}[which]

    def client(self, caller) -> APIClient:
        if caller not in self._clients:
            self._clients[caller] = self._make_client(caller)
        return self._clients[caller]

    def _make_client(self, caller):
        if caller == ANON:
            return APIClient()
        if caller == USER:
            return authenticated(normal_user=self.user)
        if caller in (OWNER, CLOSED_SARAF):
            return authenticated(saraf=self.a)
        if caller == B_OWNER:
            return authenticated(saraf=self.b)
        if caller == LOGGED_OUT:
            client = authenticated(saraf=self.a)
            session_revoke_by_refresh(
                raw_refresh=client.tokens["refresh"],
                identity=Identity(
                    kind=IdentityKind.SARAF,
                    session_id=str(RefreshToken(client.tokens["refresh"])["sid"]),
                    saraf=self.a,
                ),
            )
            return client
        if caller == ALL_BUT:
            withheld = {self.flag, *self.also}
            flags = {flag: flag not in withheld for flag in FLAGS}
            return authenticated(employee=EmployeeFactory(saraf=self.a, **flags))
        if caller == DEACTIVATED:
            employee = EmployeeFactory(saraf=self.a, **{self.flag or "chat": True})
            client = authenticated(employee=employee)
            type(employee).objects.filter(pk=employee.pk).update(is_active=False)
            return client
        flags = {self.flag: True} if caller == EMP_FLAG and self.flag else {}
        return authenticated(employee=EmployeeFactory(saraf=self.a, **flags))

    def obj(self, name, saraf="a"):
        key = (name, saraf)
        if key not in self._objects:
            self._objects[key] = getattr(self, f"_make_{name}")(self.saraf(saraf))
        return self._objects[key]

    def pk(self, name, saraf="a"):
        return self.obj(name, saraf).pk

    # Resources. Each `_make_<name>(saraf)` returns a model instance.

    def _make_customer_account(self, saraf):
        from saraf_create_accounts.services import customer_account_create

        account = customer_account_create(
            saraf_id=saraf.pk,
            full_name=f"Holder of {saraf.name}",
            phone=f"+9370{saraf.pk:07d}",
            account_type="customer",
        )
        fund(saraf, "USD", "1000", customer_account=account)
        return account

    def _make_user_account(self, saraf):
        """A customer account of `saraf` held by the calling normal user's phone."""
        from saraf_create_accounts.services import customer_account_create

        account = customer_account_create(
            saraf_id=saraf.pk,
            full_name=self.user.full_name,
            phone=self.user.phone,
            account_type="customer",
        )
        fund(saraf, "USD", "250", customer_account=account)
        return account

    def _make_entry(self, saraf):
        return fund(saraf, "EUR", "5.00")

    def _make_transaction(self, saraf):
        from transaction.services import transaction_create

        return transaction_create(
            identity=owner_identity(saraf),
            currency="USD",
            amount=Decimal("25.00"),
            transaction_type="deposit",
        )

    def _make_employee(self, saraf):
        return EmployeeFactory(saraf=saraf, full_name=f"Clerk of {saraf.name}")

    def _send(self, sender, destination, number):
        from hawala.services import hawala_send

        return hawala_send(
            identity=owner_identity(sender),
            hawala_number=number,
            amount=Decimal("100.00"),
            currency="USD",
            fee=Decimal("2.00"),
            sender_name="Ahmad Karimi",
            receiver_name="Mohammad Gul",
            receiver_phone="+93701234567",
            destination_saraf_id=destination.pk,
        )

    def _make_hawala_outgoing(self, saraf):
        """Sent by `saraf` to saraf C, status `sent`."""
        return self._send(saraf, self.c, f"OUT-{saraf.pk}")

    def _make_hawala_incoming(self, saraf):
        """Sent by saraf C to `saraf`, status `sent`."""
        return self._send(self.c, saraf, f"IN-{saraf.pk}")

    def _make_receipt(self, saraf):
        from hawala.services import receipt_generate

        hawala = self.obj("hawala_outgoing", self._which(saraf))
        receipt, _ = receipt_generate(
            identity=owner_identity(saraf), hawala_id=hawala.pk
        )
        return receipt

    def _make_rate(self, saraf):
        from exchange.services import rate_create

        return rate_create(
            saraf_id=saraf.pk,
            from_currency="USD",
            to_currency="AFN",
            rate_type="person",
            buy_rate=Decimal("70.00"),
            sell_rate=Decimal("71.00"),
            performed_by=owner_identity(saraf),
        )

    def _make_deal(self, saraf):
        from exchange.services import deal_create

        self.cash(saraf)
        self.obj("rate", self._which(saraf))
        return deal_create(
            saraf_id=saraf.pk,
            from_currency="USD",
            to_currency="AFN",
            amount=Decimal("10.00"),
            rate_type="person",
            performed_by=owner_identity(saraf),
        )

    def _make_account_deal(self, saraf):
        """A deal against `saraf`'s customer account (no cash moves)."""
        from exchange.services import deal_create

        self.obj("rate", self._which(saraf))
        return deal_create(
            saraf_id=saraf.pk,
            from_currency="USD",
            to_currency="AFN",
            amount=Decimal("10.00"),
            rate_type="person",
            customer_account_id=self.pk("customer_account", self._which(saraf)),
            performed_by=owner_identity(saraf),
        )

    def _stranger(self, name):
        return NormalUserFactory(full_name=name)

    def _make_conversation(self, saraf):
        """Between `saraf` and a normal user V (not the caller), with a message."""
        from msg.services import conversation_create

        v = self._stranger(f"V of {saraf.name}")
        conversation, _ = conversation_create(
            identity=user_identity(v), participants=[("saraf", saraf.pk)]
        )
        conversation.stranger = v
        return conversation

    def _make_message(self, saraf):
        """Sent by V to `saraf`, with an image attachment."""
        from msg.services import message_send

        conversation = self.obj("conversation", self._which(saraf))
        image = ContentFile(png_bytes(), name="photo.png")
        return message_send(
            identity=user_identity(conversation.stranger),
            conversation_id=conversation.pk,
            text=f"hello {saraf.name}",
            image=image,
            attachment_content_type="image/png",
        )

    def _make_notification(self, saraf):
        from msg.services import notification_create

        return notification_create(
            recipient_saraf_id=saraf.pk,
            kind="matrix",
            title=f"For {saraf.name}",
            body="",
        )

    def _make_comment(self, saraf):
        """By a normal user V on `saraf`'s public page."""
        from saraf_social.services import comment_create

        return comment_create(
            normal_user=self._stranger("Commenter"),
            saraf_id=saraf.pk,
            text=f"Good service at {saraf.name}",
        )

    def _make_documents(self, saraf):
        from saraf_account.services import saraf_documents_update

        return saraf_documents_update(
            saraf_id=saraf.pk,
            files={
                field: ContentFile(png_bytes(), name=f"{field}.png")
                for field in ("logo", "wallpaper", "license_document", "id_card")
            },
        )

    # The calling normal user's own things (with saraf A on the other side).

    def _make_user_conversation(self, saraf):
        from msg.services import conversation_create

        conversation, _ = conversation_create(
            identity=user_identity(self.user), participants=[("saraf", saraf.pk)]
        )
        return conversation

    def _make_user_message(self, saraf):
        from msg.services import message_send

        conversation = self.obj("user_conversation", self._which(saraf))
        return message_send(
            identity=user_identity(self.user),
            conversation_id=conversation.pk,
            text="salaam",
        )

    def _make_user_notification(self, saraf):
        from msg.services import notification_create

        return notification_create(
            recipient_normal_user_id=self.user.pk,
            kind="matrix",
            title="For the user",
            body="",
        )

    def _make_user_comment(self, saraf):
        from saraf_social.services import comment_create

        return comment_create(
            normal_user=self.user, saraf_id=saraf.pk, text="Mine, on Alpha"
        )

    def _which(self, saraf):
        return {self.a.pk: "a", self.b.pk: "b", self.c.pk: "c"}[saraf.pk]


def db_snapshot() -> dict:
    """Every row of every project table, as plain values, keyed by (model, pk)."""
    rows = {}
    for app_label in PROJECT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label
            for values in model.objects.order_by("pk").values():
                rows[(label, values[model._meta.pk.attname])] = values
    return rows


def snapshot_diff(before: dict, after: dict) -> list[str]:
    changes = []
    for key in sorted(set(before) | set(after), key=str):
        if key not in before:
            changes.append(f"created {key}")
        elif key not in after:
            changes.append(f"deleted {key}")
        elif before[key] != after[key]:
            fields = [f for f in after[key] if before[key].get(f) != after[key][f]]
            changes.append(f"changed {key}: {fields}")
    return changes

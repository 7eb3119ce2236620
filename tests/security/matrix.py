"""The authorization matrix: every served route × method × caller → outcome.

Each `Row` decides, for one URL pattern (as Django's resolver spells it, with
parameters named without their converter: `<hawala_id>`) and
one HTTP method, what each caller kind gets:

    ALLOW  the request reaches the operation (2xx, or a 4xx answer about the
           body or the state such as 400/409 — anything but 401, 403 or 404)
    401    not authenticated
    403    authenticated, but this identity kind or flag may not do it
    404    the object belongs to someone else (tenancy), never 403

`flag` is the one employee flag the operation needs (the "employee with the
flag" caller holds exactly it). `obj` names the resource of saraf A the
request targets (in the URL or in the body); `tests/security/world.py` builds
it. `body` is a valid request body, so a refusal is a real refusal and an
allowed caller of saraf A must get 2xx. `lists` names the resource a list
endpoint returns, for the list-tenancy test. `also` lists the other flags that
grant the same (the "any of" read permissions): an employee holding every
flag but `flag` and `also` must still be refused. `settable` names protected
fields that are the operation's own input (an owner (de)activating an
employee), which the forged-body test then leaves out. `xfail` is the reason the row's
outcomes currently contradict DESIGN.md (a bug in the app: strict xfail).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from tests.security.world import (
    ANON,
    B_OWNER,
    CALLERS,
    EMP,
    EMP_FLAG,
    OWNER,
    USER,
    png_bytes,
)

ALLOW = "allow"
ACCOUNT_READERS = ("create_accounts", "edit_accounts", "delete_accounts")
HAWALA_READERS = ("send_transfer", "receive_transfer", "deliver_amount")
DEAL_READERS = ("create_exchange", "manage_rates")
MISSING_ID = 2_000_000_000
PASSWORD = "An0ther-Passw0rd!"


@dataclass(frozen=True)
class Row:
    pattern: str
    method: str
    access: dict
    flag: str | None = None
    obj: str | None = None
    args: Callable | None = None
    body: Callable | None = None
    query: Callable | None = None
    fmt: str = "json"
    lists: str | None = None
    list_id: str = "id"
    settable: tuple = ()
    also: tuple = ()
    xfail: str = ""

    @property
    def key(self):
        return (self.pattern, self.method)

    @property
    def id(self):
        return f"{self.method} /{self.pattern}"

    def callers(self):
        """EMP_FLAG is the same caller as EMP when no flag is involved."""
        return [
            caller
            for caller in CALLERS
            if caller in self.access and not (caller == EMP_FLAG and not self.flag)
        ]

    @property
    def obj_in_url(self):
        """True when a URL parameter is filled with `obj`'s primary key."""
        names = re.findall(r"<(\w+)>", self.pattern)
        return bool(self.obj and names and not self.args)

    def url(self, world, *, missing=False) -> str:
        """The URL for saraf A's object, or (`missing`) for an id nobody has."""
        values = self.args(world) if self.args else {}
        path = self.pattern

        def fill(match):
            name = match.group(1)
            if name in values:
                return str(values[name])
            return str(MISSING_ID if missing else world.pk(self.obj))

        return "/" + re.sub(r"<(\w+)>", fill, path)


def public():
    return dict.fromkeys(CALLERS, ALLOW)


def staff(flag=None, obj=None):
    """Owner, and employees (holding `flag` if one is named), of the saraf."""
    return {
        ANON: 401,
        USER: 403,
        OWNER: ALLOW,
        EMP: 403 if flag else ALLOW,
        EMP_FLAG: ALLOW,
        B_OWNER: 404 if obj else ALLOW,
    }


def owner_only(obj=None):
    return {
        ANON: 401,
        USER: 403,
        OWNER: ALLOW,
        EMP: 403,
        EMP_FLAG: 403,
        B_OWNER: 404 if obj else ALLOW,
    }


def normal_user_only():
    return {ANON: 401, USER: ALLOW, OWNER: 403, EMP: 403, B_OWNER: 403}


def any_identity():
    return {ANON: 401, USER: ALLOW, OWNER: ALLOW, EMP: ALLOW, B_OWNER: ALLOW}


def own_notification():
    """Notifications to a saraf are its owner's: nobody else sees them."""
    return {ANON: 401, USER: 404, OWNER: ALLOW, EMP: 404, B_OWNER: 404}


def chat(obj=None):
    """CanChat: normal users, owners, employees with 'chat'; participants only."""
    return {
        ANON: 401,
        USER: 404 if obj else ALLOW,
        OWNER: ALLOW,
        EMP: 403,
        EMP_FLAG: ALLOW,
        B_OWNER: 404 if obj else ALLOW,
    }


def R(pattern, methods, access, **kwargs):
    return [Row(pattern, method, access, **kwargs) for method in methods.split()]


def _money(currency="USD", amount="10.00"):
    return lambda w: {"currency": currency, "amount": amount}


def _hawala_body(w):
    return {
        "hawala_number": "NEW-1",
        "amount": "50.00",
        "currency": "USD",
        "fee": "1.00",
        "sender_name": "Ahmad Karimi",
        "receiver_name": "Mohammad Gul",
        "receiver_phone": "+93701234567",
        "destination_saraf_id": w.c.pk,
    }


def _external_receive_body(w):
    return {
        "hawala_number": "EXT-1",
        "amount": "20.00",
        "currency": "USD",
        "source_name": "Outside Sarafi",
        "sender_name": "Ahmad Karimi",
        "receiver_name": "Mohammad Gul",
        "receiver_id_number": "1400-0101-12345",
    }


def _customer_body(w):
    return {
        "full_name": "New Holder",
        "phone": "+93700999888",
        "account_type": "customer",
    }


def _deal_body(w):
    """A deal against saraf A's customer account: B naming that account gets 404.

    B has a rate for the pair too, so only the account can stop it.
    """
    w.obj("rate")
    w.obj("rate", "b")
    return {
        "from_currency": "USD",
        "to_currency": "AFN",
        "amount": "10.00",
        "rate_type": "person",
        "customer_account_id": w.pk("customer_account"),
    }


def _documents(w):
    w.obj("documents")
    w.obj("documents", "b")
    return {"kind": "license_document"}


def _receipt_args(w):
    return {"hawala_id": w.obj("receipt").hawala_id}


SARAF = "api/saraf/"
NU = "api/normal-user/"
SCA = "api/saraf-create-accounts/"
HW = "api/hawala/"
EX = "api/exchange/"
MSG = "api/messages/"
SOC = "api/saraf-social/"

ROWS = [
    *R("healthz", "GET", public()),
    *R("token/refresh/", "POST", public()),
    *R(
        "api/saraf/activity/",
        "GET",
        staff("see_how_did_works"),
        flag="see_how_did_works",
        lists="entry",
    ),
    # saraf_account
    *R(
        SARAF + "register/",
        "POST",
        public(),
        body=lambda w: {
            "name": "Delta Sarafi",
            "license_no": "LIC-DELTA",
            "email": "delta@example.com",
            "password": PASSWORD,
        },
    ),
    *R(SARAF + "otp/verify/", "POST", public()),
    *R(SARAF + "otp/resend/", "POST", public()),
    *R(SARAF + "login/", "POST", public()),
    *R(SARAF + "logout/", "POST", staff()),
    *R(SARAF + "forgot-password/", "POST", public()),
    *R(SARAF + "forgot-password/otp/verify/", "POST", public()),
    *R(SARAF + "change-password/", "POST", staff()),
    *R(SARAF + "list/", "GET", public()),
    *R(SARAF + "protected/", "GET", staff()),
    *R(SARAF + "get-employees/", "GET", public(), query=lambda w: {"saraf_id": w.a.pk}),
    *R(
        SARAF + "employees/",
        "GET",
        staff("add_employee"),
        flag="add_employee",
        lists="employee",
        list_id="employee_id",
    ),
    *R(
        SARAF + "employees/",
        "POST",
        staff("add_employee"),
        flag="add_employee",
        body=lambda w: {
            "username": "new.clerk",
            "password": PASSWORD,
            "full_name": "New Clerk",
        },
    ),
    *R(
        SARAF + "employees/<employee_id>/",
        "GET DELETE",
        staff("add_employee", "employee"),
        flag="add_employee",
        obj="employee",
    ),
    *R(
        SARAF + "employees/<employee_id>/",
        "PATCH",
        staff("add_employee", "employee"),
        flag="add_employee",
        obj="employee",
        body=lambda w: {"full_name": "Renamed Clerk"},
        settable=("is_active",),
    ),
    *R(
        SARAF + "employees/<employee_id>/password/",
        "POST",
        staff("change_password", "employee"),
        flag="change_password",
        obj="employee",
        body=lambda w: {"new_password": PASSWORD},
    ),
    *R(SARAF + "permissions/", "GET", staff()),
    *R(
        SARAF + "permissions/bulk/",
        "POST",
        staff("add_employee", "employee"),
        flag="add_employee",
        obj="employee",
        body=lambda w: {
            "employee_ids": [w.pk("employee")],
            "permissions": {"add_employee": True},
        },
    ),
    *R(SARAF + "permissions/templates/", "GET", staff()),
    *R(
        SARAF + "permissions/<employee_id>/",
        "GET",
        staff("add_employee", "employee"),
        flag="add_employee",
        obj="employee",
    ),
    *R(
        SARAF + "permissions/<employee_id>/",
        "PATCH",
        staff("add_employee", "employee"),
        flag="add_employee",
        obj="employee",
        body=lambda w: {"permissions": {"add_employee": True}},
    ),
    *R(SARAF + "profile/", "GET", staff()),
    *R(
        SARAF + "profile/",
        "PATCH",
        staff("edit_profile"),
        flag="edit_profile",
        body=lambda w: {"description": "Open 8 to 5"},
    ),
    *R(
        SARAF + "profile/documents/",
        "POST PUT",
        staff("edit_profile"),
        flag="edit_profile",
        fmt="multipart",
        body=lambda w: {"logo": _upload("logo.png")},
    ),
    *R(
        SARAF + "profile/documents/<kind>/",
        "GET",
        staff("edit_profile"),
        flag="edit_profile",
        args=_documents,
    ),
    *R(
        SARAF + "<saraf_id>/logo/",
        "GET",
        public(),
        args=lambda w: {"saraf_id": w.obj("documents").pk},
    ),
    *R(
        SARAF + "<saraf_id>/wallpaper/",
        "GET",
        public(),
        args=lambda w: {"saraf_id": w.obj("documents").pk},
    ),
    # normal_user_account
    *R(
        NU + "register/",
        "POST",
        public(),
        body=lambda w: {
            "full_name": "Echo User",
            "email": "echo@example.com",
            "password": PASSWORD,
        },
    ),
    *R(NU + "verify-otp/", "POST", public()),
    *R(NU + "resend-otp/", "POST", public()),
    *R(NU + "login/", "POST", public()),
    *R(NU + "logout/", "POST", normal_user_only()),
    *R(NU + "forgot-password/", "POST", public()),
    *R(NU + "reset-password/", "POST", public()),
    *R(NU + "profile/", "GET", normal_user_only()),
    *R(
        NU + "profile/",
        "PATCH",
        normal_user_only(),
        body=lambda w: {"full_name": "Renamed User"},
    ),
    *R(NU + "change-password/", "POST", normal_user_only()),
    # otp
    *R("api/email-otp/generate-otp/", "POST", public()),
    *R("api/email-otp/verify-otp/", "POST", public()),
    *R("api/email-otp/email-status/", "GET", public()),
    *R("api/phone-otp/generate-otp/", "POST", public()),
    *R("api/phone-otp/verify-otp/", "POST", public()),
    *R("api/phone-otp/phone-status/", "GET", public()),
    *R("api/phone-otp/combined/generate-otp/", "POST", public()),
    *R("api/phone-otp/combined/verify-otp/", "POST", public()),
    *R("api/phone-otp/combined/status/", "GET", public()),
    *R("api/wa-otp/wa-otp/", "POST", public()),
    *R("api/wa-otp/verify-wa-otp/", "POST", public()),
    # currency and balances
    *R("api/currency/available/", "GET", public()),
    *R("api/currency/supported/", "GET", staff()),
    *R(
        "api/currency/supported/",
        "POST",
        staff("add_currency"),
        flag="add_currency",
        body=lambda w: {"code": "GBP"},
    ),
    *R("api/balance/", "GET", staff()),
    *R(
        "api/balance/<currency>/",
        "GET",
        staff(),
        args=lambda w: {"currency": "USD"},
    ),
    *R(
        "api/balance/<currency>/delete/",
        "DELETE",
        staff("add_currency"),
        flag="add_currency",
        args=lambda w: {"currency": "EUR"},
    ),
    # transaction
    *R(
        "api/transaction/",
        "GET",
        staff("view_history"),
        flag="view_history",
        lists="transaction",
    ),
    *R(
        "api/transaction/create/",
        "POST",
        staff("deposit_to_account"),
        flag="deposit_to_account",
        body=lambda w: {
            "currency": "USD",
            "amount": "50.00",
            "transaction_type": "deposit",
        },
    ),
    # saraf_create_accounts
    *R(
        SCA + "create/",
        "POST",
        staff("create_accounts"),
        flag="create_accounts",
        body=_customer_body,
    ),
    *R(
        SCA + "list/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=ACCOUNT_READERS,
        lists="customer_account",
    ),
    *R(
        SCA + "public/transactions/<phone>/",
        "GET",
        normal_user_only(),
        args=lambda w: {"phone": w.obj("user_account").phone},
    ),
    *R(
        SCA + "<account_id>/",
        "GET",
        staff("view_history", "customer_account"),
        flag="view_history",
        also=ACCOUNT_READERS,
        obj="customer_account",
    ),
    *R(
        SCA + "<account_id>/",
        "PUT",
        staff("edit_accounts", "customer_account"),
        flag="edit_accounts",
        obj="customer_account",
        body=_customer_body,
    ),
    *R(
        SCA + "<account_id>/",
        "PATCH",
        staff("edit_accounts", "customer_account"),
        flag="edit_accounts",
        obj="customer_account",
        body=lambda w: {"job": "Trader"},
    ),
    *R(
        SCA + "<account_id>/",
        "DELETE",
        staff("delete_accounts", "customer_account"),
        flag="delete_accounts",
        obj="customer_account",
    ),
    *[
        row
        for operation, flag in (
            ("deposit", "deposit_to_account"),
            ("withdraw", "withdraw_from_account"),
            ("give-money", "give_money"),
            ("take-money", "take_money"),
        )
        for row in R(
            SCA + f"<account_id>/{operation}/",
            "POST",
            staff(flag, "customer_account"),
            flag=flag,
            obj="customer_account",
            body=_money(),
        )
    ],
    *R(
        SCA + "<account_id>/credit-limit/",
        "POST",
        staff("loans", "customer_account"),
        flag="loans",
        obj="customer_account",
        body=lambda w: {"currency": "USD", "limit": "100.00"},
    ),
    *[
        row
        for read in (
            "balances",
            "transactions",
            "deposit-amounts",
            "withdrawal-amounts",
            "given-amounts",
            "taken-amounts",
        )
        for row in R(
            SCA + f"<account_id>/{read}/",
            "GET",
            staff("view_history", "customer_account"),
            flag="view_history",
            obj="customer_account",
        )
    ],
    # hawala
    *R(
        HW + "send/",
        "POST",
        staff("send_transfer"),
        flag="send_transfer",
        body=_hawala_body,
    ),
    *R(
        HW + "receive/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=HAWALA_READERS,
        lists="hawala_incoming",
    ),
    *R(
        HW + "receive/<hawala_id>/",
        "PATCH",
        staff("receive_transfer", "hawala_incoming"),
        flag="receive_transfer",
        obj="hawala_incoming",
        body=lambda w: {"status": "received"},
    ),
    *R(
        HW + "external-receive/",
        "POST",
        staff("deliver_amount"),
        flag="deliver_amount",
        body=_external_receive_body,
    ),
    *R(
        HW + "history/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=HAWALA_READERS,
        lists="hawala_outgoing",
    ),
    *R(
        HW + "statistics/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=HAWALA_READERS,
    ),
    *R(HW + "lookup-by-phone/", "POST", public()),
    *R(
        HW + "list-all/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=HAWALA_READERS,
        lists="hawala_outgoing",
    ),
    *R(
        HW + "status/<hawala_id>/",
        "PATCH",
        staff("send_transfer", "hawala_outgoing"),
        flag="send_transfer",
        obj="hawala_outgoing",
        body=lambda w: {"status": "cancelled"},
    ),
    *R(
        HW + "receipt/<hawala_id>/",
        "GET",
        staff("view_history", "receipt"),
        flag="view_history",
        also=HAWALA_READERS,
        obj="receipt",
        args=_receipt_args,
    ),
    *R(
        HW + "generate-receipt/<hawala_id>/",
        "POST",
        staff("view_history", "hawala_outgoing"),
        flag="view_history",
        also=HAWALA_READERS,
        obj="hawala_outgoing",
    ),
    *R(
        HW + "receipts/verify/<code>/",
        "GET",
        public(),
        args=lambda w: {"code": w.obj("receipt").verification_code},
    ),
    *R(
        HW + "supported-currencies/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=HAWALA_READERS,
    ),
    *R(
        HW + "positions/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=HAWALA_READERS,
    ),
    *R(
        HW + "settlements/",
        "POST",
        staff("deliver_amount"),
        flag="deliver_amount",
        body=lambda w: {
            "counterparty_saraf_id": w.obj("hawala_outgoing").destination_saraf_id,
            "currency": "USD",
            "amount": "10.00",
            "direction": "we_paid",
        },
    ),
    # exchange
    *R(EX, "GET", staff(), lists="rate"),
    *R(
        EX + "create/",
        "POST",
        staff("manage_rates"),
        flag="manage_rates",
        body=lambda w: {
            "from_currency": "USD",
            "to_currency": "EUR",
            "rate_type": "person",
            "buy_rate": "0.91",
            "sell_rate": "0.93",
        },
    ),
    *R(EX + "search/", "GET", staff(), query=lambda w: {"q": "usd"}, lists="rate"),
    *R(
        EX + "public/<saraf_id>/",
        "GET",
        public(),
        args=lambda w: {"saraf_id": w.obj("rate").saraf_id},
    ),
    *R(
        EX + "deals/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=DEAL_READERS,
        lists="deal",
    ),
    *R(
        EX + "deals/",
        "POST",
        staff("create_exchange", "customer_account"),
        flag="create_exchange",
        obj="customer_account",
        body=_deal_body,
    ),
    *R(
        EX + "deals/<deal_id>/",
        "GET",
        staff("view_history", "deal"),
        flag="view_history",
        also=DEAL_READERS,
        obj="deal",
    ),
    *R(
        EX + "deals/<deal_id>/receipt/",
        "GET",
        staff("view_history", "deal"),
        flag="view_history",
        also=DEAL_READERS,
        obj="deal",
    ),
    *R(
        EX + "statistics/",
        "GET",
        staff("view_history"),
        flag="view_history",
        also=DEAL_READERS,
    ),
    *R(EX + "<rate_id>/", "GET", staff(None, "rate"), obj="rate"),
    *R(
        EX + "<rate_id>/",
        "PUT PATCH",
        staff("manage_rates", "rate"),
        flag="manage_rates",
        obj="rate",
        body=lambda w: {"buy_rate": "72.00", "sell_rate": "73.00"},
    ),
    *R(
        EX + "<rate_id>/",
        "DELETE",
        staff("manage_rates", "rate"),
        flag="manage_rates",
        obj="rate",
    ),
    *R(EX + "<rate_id>/history/", "GET", staff(None, "rate"), obj="rate"),
    # msg: the staff side
    *R(MSG + "conversations/", "GET", chat(), flag="chat", lists="conversation"),
    *R(
        MSG + "conversations/create/",
        "POST",
        chat(),
        flag="chat",
        body=lambda w: {"participants": [{"kind": "saraf", "id": w.c.pk}]},
    ),
    *R(
        MSG + "conversations/<conversation_id>/",
        "GET",
        chat("conversation"),
        flag="chat",
        obj="conversation",
    ),
    *R(
        MSG + "conversations/<conversation_id>/delete/",
        "DELETE",
        chat("conversation"),
        flag="chat",
        obj="conversation",
    ),
    *R(
        MSG + "messages/send/",
        "POST",
        chat("conversation"),
        flag="chat",
        obj="conversation",
        body=lambda w: {"conversation_id": w.pk("conversation"), "text": "reply"},
    ),
    *R(
        MSG + "messages/search/",
        "GET",
        chat(),
        flag="chat",
        query=lambda w: {"q": "hello"},
        lists="message",
    ),
    *R(MSG + "messages/stats/", "GET", chat(), flag="chat"),
    *R(
        MSG + "messages/<message_id>/status/",
        "GET",
        chat("message"),
        flag="chat",
        obj="message",
    ),
    *R(
        MSG + "messages/<message_id>/attachment/",
        "GET",
        chat("message"),
        flag="chat",
        obj="message",
    ),
    *R(MSG + "notifications/", "GET", any_identity(), lists="notification"),
    *R(MSG + "notifications/read-all/", "POST", any_identity()),
    *R(
        MSG + "notifications/<notification_id>/",
        "GET",
        own_notification(),
        obj="notification",
    ),
    *R(
        MSG + "notifications/<notification_id>/",
        "PATCH",
        own_notification(),
        obj="notification",
        body=lambda w: {"is_read": True},
    ),
    # msg: the normal user's mirrors
    *R(MSG + "normal-user/conversations/", "GET", normal_user_only()),
    *R(
        MSG + "normal-user/conversations/create/",
        "POST",
        normal_user_only(),
        body=lambda w: {"participants": [{"kind": "saraf", "id": w.a.pk}]},
    ),
    *R(
        MSG + "normal-user/conversations/<conversation_id>/",
        "GET",
        normal_user_only(),
        obj="user_conversation",
    ),
    *R(
        MSG + "normal-user/conversations/<conversation_id>/delete/",
        "DELETE",
        normal_user_only(),
        obj="user_conversation",
    ),
    *R(
        MSG + "normal-user/messages/send/",
        "POST",
        normal_user_only(),
        body=lambda w: {"conversation_id": w.pk("user_conversation"), "text": "more"},
    ),
    *R(
        MSG + "normal-user/messages/<message_id>/status/",
        "GET",
        normal_user_only(),
        obj="user_message",
    ),
    *R(MSG + "normal-user/notifications/", "GET", normal_user_only()),
    *R(MSG + "normal-user/notifications/read-all/", "POST", normal_user_only()),
    *R(
        MSG + "normal-user/notifications/<notification_id>/",
        "GET",
        normal_user_only(),
        obj="user_notification",
    ),
    *R(
        MSG + "normal-user/notifications/<notification_id>/",
        "PATCH",
        normal_user_only(),
        obj="user_notification",
        body=lambda w: {"is_read": True},
    ),
    # saraf_social
    *R(SOC + "like/", "POST", normal_user_only(), body=lambda w: {"saraf_id": w.a.pk}),
    *R(
        SOC + "comment/create/",
        "POST",
        normal_user_only(),
        body=lambda w: {"saraf_id": w.a.pk, "text": "Fair rates"},
    ),
    *R(
        SOC + "comment/<comment_id>/delete/",
        "DELETE",
        normal_user_only(),
        obj="user_comment",
    ),
    *R(
        SOC + "comment/<comment_id>/hide/",
        "POST",
        owner_only("comment"),
        obj="comment",
    ),
    *R(SOC + "saraf/stats/", "GET", public()),
    *R(
        SOC + "saraf/<saraf_id>/stats/",
        "GET",
        public(),
        args=lambda w: {"saraf_id": w.a.pk},
    ),
    *R(
        SOC + "saraf/<saraf_id>/comments/",
        "GET",
        public(),
        args=lambda w: {"saraf_id": w.obj("comment").saraf_id},
    ),
    *R(SOC + "user/likes/", "GET", normal_user_only()),
    *R(SOC + "user/comments/", "GET", normal_user_only()),
]


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")

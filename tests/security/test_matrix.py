"""Runs the authorization matrix (tests/security/matrix.py) against real objects.

- every served route and method has exactly one row, and every row is served;
- each caller kind gets the row's outcome, a refused request changes nothing,
  B's owner never changes a row of saraf A, a logged-out or deactivated
  identity gets 401 and a row's flag is necessary;
- another tenant's (or another normal user's) id answers like a missing one;
- lists and filters answer B's owner with B's rows, never A's, and A's
  business changes nothing an outsider reads;
- a body, JSON or form, cannot set an owner, a balance, a status or a
  verification flag.
"""

import json
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLResolver, get_resolver

from saraf_account.models import SarafAccount
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, NormalUserFactory
from tests.security.matrix import ALLOW, ROWS
from tests.security.world import (
    ALL_BUT,
    ANON,
    B_OWNER,
    CLOSED_SARAF,
    DEACTIVATED,
    EMP,
    LOGGED_OUT,
    OWNER,
    USER,
    World,
    db_snapshot,
    snapshot_diff,
)

NOT_PART_OF_THE_API = ("admin/", "api/schema/", "api/docs/", "static/", "media/")
METHODS = ("get", "post", "put", "patch", "delete")


def served_routes():
    """(pattern, METHOD) for every route the project serves.

    A parameter is named without its converter (`<hawala_id>`): who may call
    a route does not depend on how its id is parsed.

    OPTIONS (DRF metadata, behind the same permission checks) and HEAD (GET's
    twin) are left out.
    """

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, pattern)
            else:
                yield pattern, entry.callback

    for pattern, callback in walk(get_resolver(), ""):
        if pattern.startswith(NOT_PART_OF_THE_API):
            continue
        pattern = re.sub(r"<\w+:(\w+)>", r"<\1>", pattern)
        view_class = getattr(callback, "view_class", None) or getattr(
            callback, "cls", None
        )
        assert view_class is not None, f"{pattern}: not a class-based view"
        for method in METHODS:
            if hasattr(view_class, method):
                yield pattern, method.upper()


def test_every_served_route_has_exactly_one_row():
    served = set(served_routes())
    declared = [row.key for row in ROWS]
    duplicates = sorted({key for key in declared if declared.count(key) > 1})
    missing = sorted(served - set(declared))
    stale = sorted(set(declared) - served)
    assert not duplicates, f"rows declared twice: {duplicates}"
    assert not missing, (
        "served but not in tests/security/matrix.py (decide who may call them): "
        f"{missing}"
    )
    assert not stale, f"rows for routes that are no longer served: {stale}"


def _payload(row, world):
    """The query (GET) or body of the request; built before any snapshot."""
    if row.method == "GET":
        return row.query(world) if row.query else None
    return row.body(world) if row.body else {}


def _send(client, row, url, payload):
    if row.method == "GET":
        return client.get(url, payload)
    if row.method == "DELETE" and not payload:
        return client.delete(url)
    return getattr(client, row.method.lower())(url, payload, format=row.fmt)


def _content(response):
    if response.streaming:
        return b"<file>"
    return response.content[:300]


def _rows(rows):
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else []
        yield pytest.param(row, id=row.id, marks=marks)


def _error_code(response):
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def _touched(before, after, saraf_id):
    """Rows of saraf `saraf_id` (its account, or rows carrying its id) that changed."""
    return [
        key
        for key, values in before.items()
        if after.get(key) != values
        and (
            values.get("saraf_id") == saraf_id
            or key == ("saraf_account.SarafAccount", saraf_id)
        )
    ]


def _check(row, caller, world, client, url, payload, expected):
    """What is wrong with `caller`'s answer to `row`, as a list of sentences."""
    watched = expected != ALLOW or caller == B_OWNER
    before = db_snapshot() if watched else {}
    response = _send(client, row, url, payload)
    after = db_snapshot() if watched else {}
    status = response.status_code
    detail = f"{caller} expected {expected}, got {status} {_content(response)!r}"
    if status >= 500:
        return [detail]
    if expected != ALLOW:
        changes = snapshot_diff(before, after)
        return [
            *([detail] if status != expected else []),
            *([f"{detail}: not the error shape"] if not _error_code(response) else []),
            *([f"{caller}: a refused request changed {changes}"] if changes else []),
        ]
    if status in (401, 403, 404):
        return [detail]
    if row.body and caller != B_OWNER and not 200 <= status < 300:
        return [f"{detail}: the row's valid body was refused"]
    if caller == B_OWNER and _touched(before, after, world.a.pk):
        return [
            f"{caller} changed saraf A's rows {_touched(before, after, world.a.pk)}"
        ]
    return []


def _row_problems(row):
    """Every caller's request for `row` in one world, each in a rolled-back savepoint.

    The six caller kinds get the row's outcomes; a logged-out owner, a
    deactivated employee and the owner of a deactivated saraf get 401 where
    anonymous does; an employee with every
    flag but the row's own gets 403 where the flagless one does.
    """
    world = World(flag=row.flag, also=row.also)
    expected = {caller: row.access[caller] for caller in row.callers()}
    if row.access[ANON] == 401:
        expected.update({LOGGED_OUT: 401, DEACTIVATED: 401, CLOSED_SARAF: 401})
    if row.flag and row.access.get(EMP) == 403:
        expected[ALL_BUT] = 403
    clients = {caller: world.client(caller) for caller in expected}
    url = row.url(world)
    _payload(row, world)
    problems = []
    for caller, outcome in expected.items():
        cache.clear()
        payload = _payload(row, world)
        with transaction.atomic():
            if caller == CLOSED_SARAF:
                SarafAccount.objects.filter(pk=world.a.pk).update(is_active=False)
            problems += _check(
                row, caller, world, clients[caller], url, payload, outcome
            )
            transaction.set_rollback(True)
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("row", list(_rows(ROWS)))
def test_each_caller_gets_the_rows_outcome(row):
    problems = _row_problems(row)
    assert not problems, "\n".join([row.id, *problems])


def _row(pattern, method):
    return next(row for row in ROWS if row.key == (pattern, method))


@pytest.mark.django_db
def test_the_matrix_notices_a_view_that_forgets_its_flag(monkeypatch):
    from core.permissions import IsSarafStaff
    from saraf_create_accounts.views import CustomerDepositView

    monkeypatch.setattr(CustomerDepositView, "permission_classes", [IsSarafStaff])
    problems = _row_problems(
        _row("api/saraf-create-accounts/<account_id>/deposit/", "POST")
    )
    assert any(problem.startswith(f"{EMP} expected 403") for problem in problems)
    assert any(problem.startswith(f"{ALL_BUT} expected 403") for problem in problems)


@pytest.mark.django_db
def test_the_matrix_notices_a_lookup_that_forgets_the_saraf(monkeypatch):
    from saraf_create_accounts import selectors
    from saraf_create_accounts.models import CustomerAccount

    monkeypatch.setattr(
        selectors,
        "customer_account_get",
        lambda *, saraf_id, account_id: CustomerAccount.objects.get(pk=account_id),
    )
    problems = _row_problems(_row("api/saraf-create-accounts/<account_id>/", "GET"))
    assert any(problem.startswith(f"{B_OWNER} expected 404") for problem in problems)


TENANCY_ROWS = [
    row for row in ROWS if row.obj_in_url and row.access.get(B_OWNER) == 404
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", TENANCY_ROWS, ids=[row.id for row in TENANCY_ROWS])
def test_another_sarafs_object_answers_exactly_like_a_missing_one(row):
    """B learns nothing from A's ids: the same status and body as for no object."""
    world = World(flag=row.flag)
    client = world.client(B_OWNER)
    payload = _payload(row, world)
    answers = [
        _send(client, row, url, payload)
        for url in (row.url(world), row.url(world, missing=True))
    ]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()


USER_OBJECT_ROWS = [
    row for row in ROWS if row.obj_in_url and row.access.get(USER) == ALLOW
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row", USER_OBJECT_ROWS, ids=[row.id for row in USER_OBJECT_ROWS]
)
def test_another_normal_users_object_answers_exactly_like_a_missing_one(row):
    """A normal user sees only its own things: another user's id is no object."""
    world = World(flag=row.flag)
    client = authenticated(normal_user=NormalUserFactory())
    payload = _payload(row, world)
    urls = (row.url(world), row.url(world, missing=True))
    before = db_snapshot()
    answers = [_send(client, row, url, payload) for url in urls]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()
    assert not snapshot_diff(before, db_snapshot())


@pytest.mark.django_db
def test_public_transactions_answer_only_the_phones_verified_holder():
    world = World()
    phone = world.obj("user_account").phone
    url = f"/api/saraf-create-accounts/public/transactions/{phone}/"
    assert world.client(USER).get(url).status_code == 200
    stranger = authenticated(normal_user=NormalUserFactory())
    unverified = NormalUserFactory(phone_verified=False)
    unverified_client = authenticated(normal_user=unverified)
    own_unverified = unverified_client.get(
        f"/api/saraf-create-accounts/public/transactions/{unverified.phone}/"
    )
    assert stranger.get(url).status_code == 404
    assert own_unverified.status_code == 404


LIST_ROWS = [row for row in ROWS if row.lists]


def _ids(response, key):
    data = response.json()
    items = data["results"] if isinstance(data, dict) else data
    return {item[key] for item in items}


@pytest.mark.django_db
@pytest.mark.parametrize("row", LIST_ROWS, ids=[row.id for row in LIST_ROWS])
def test_a_list_holds_the_callers_rows_and_never_another_sarafs(row):
    world = World()
    mine = {"a": world.pk(row.lists), "b": world.pk(row.lists, "b")}
    url = row.url(world)
    query = row.query(world) if row.query else None
    for caller, own, other in ((B_OWNER, "b", "a"), (OWNER, "a", "b")):
        response = world.client(caller).get(url, query)
        assert response.status_code == 200, response.content[:300]
        ids = _ids(response, row.list_id)
        assert mine[own] in ids, f"{caller} does not see its own {row.lists}"
        assert mine[other] not in ids, f"{caller} sees another saraf's {row.lists}"


A_ACTIVITY = (
    "customer_account",
    "transaction",
    "hawala_outgoing",
    "hawala_incoming",
    "receipt",
    "rate",
    "deal",
    "account_deal",
    "message",
    "notification",
    "comment",
    "employee",
    "entry",
)
OUTSIDER_READS = [
    pytest.param(row, caller, id=f"{row.id} {caller}")
    for row in ROWS
    for caller in (B_OWNER, USER)
    if row.method == "GET"
    and row.access[ANON] == 401
    and row.access.get(caller) == ALLOW
    and not row.obj
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "caller"), OUTSIDER_READS)
def test_saraf_as_activity_changes_nothing_an_outsider_reads(row, caller):
    """B's owner (and a normal user) read the same before and after A's business.

    Every non-public read of theirs — lists, statistics, balances, positions,
    notifications — is asked once, then saraf A gets customers, hawalas,
    rates, deals, messages, comments and employees, and it is asked again.
    """
    world = World()
    client = world.client(caller)
    url = row.url(world)
    query = row.query(world) if row.query else None
    before = client.get(url, query)
    for resource in A_ACTIVITY:
        world.obj(resource)
    after = client.get(url, query)
    assert before.status_code == after.status_code == 200, _content(after)
    if before.streaming:
        assert b"".join(before.streaming_content) == b"".join(after.streaming_content)
    else:
        assert before.json() == after.json()


FILTERS_NAMING_A = [
    (
        "/api/exchange/deals/",
        "account_deal",
        lambda w: {"customer_account_id": w.pk("customer_account")},
    ),
    (
        "/api/saraf-create-accounts/list/",
        "customer_account",
        lambda w: {"search": "Alpha"},
    ),
    ("/api/hawala/history/", "hawala_outgoing", lambda w: {"search": f"OUT-{w.a.pk}"}),
    ("/api/hawala/history/", "hawala_outgoing", lambda w: {"counterparty": w.c.pk}),
    ("/api/messages/messages/search/", "message", lambda w: {"q": "Alpha"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "resource", "query"),
    FILTERS_NAMING_A,
    ids=[f"{url} {resource}" for url, resource, _ in FILTERS_NAMING_A],
)
def test_a_filter_naming_another_sarafs_things_finds_none_of_them(url, resource, query):
    """The same filter finds the object for its own saraf, and never for B."""
    world = World()
    theirs = world.pk(resource)
    world.obj(resource, "b")
    own = world.client(OWNER).get(url, query(world))
    assert theirs in _ids(own, "id"), own.content[:300]
    response = world.client(B_OWNER).get(url, query(world))
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 200:
        assert theirs not in _ids(response, "id")


FORGE_ROWS = [
    row for row in ROWS if row.body and row.method in ("POST", "PUT", "PATCH")
]

PROTECTED_NAMES = {
    "status",
    "balance",
    "credit_limit",
    "account_number",
    "verified",
    "license_verified_at",
}
PROTECTED_SUFFIXES = ("saraf_id", "owner_id", "normal_user_id", "_verified")


def _protected(field_name):
    return (
        field_name in PROTECTED_NAMES
        or field_name.startswith("is_")
        or field_name.endswith(PROTECTED_SUFFIXES)
    )


def _forged_fields(world):
    stranger = NormalUserFactory()
    b_employee = EmployeeFactory(saraf=world.b)
    b = world.b.pk
    return {
        "saraf": b,
        "saraf_id": b,
        "owner": b,
        "owner_id": b,
        "destination_saraf": b,
        "normal_user": stranger.pk,
        "normal_user_id": stranger.pk,
        "employee": b_employee.pk,
        "created_by": b_employee.pk,
        "balance": "999999.00",
        "credit_limit": "999999.00",
        "status": "completed",
        "is_active": False,
        "is_hidden": True,
        "is_read": False,
        "is_license_verified": True,
        "email_verified": True,
        "phone_verified": True,
        "verified": True,
        "is_verified": True,
        "account_number": "FORGED-0001",
    }


def _actor(row):
    for caller in (OWNER, USER, ANON):
        if row.access.get(caller) == ALLOW:
            return caller
    raise AssertionError(f"{row.id}: nobody may call it")


def _outcome(client, row, url, body, fmt):
    """The response and, per created or changed row, its protected values."""
    before = db_snapshot()
    response = getattr(client, row.method.lower())(url, body, format=fmt)
    after = db_snapshot()
    stored = {}
    created = {}
    for key, values in after.items():
        if before.get(key) == values:
            continue
        protected = {k: v for k, v in values.items() if _protected(k)}
        if key in before:
            stored[key] = protected
        else:
            created.setdefault(key[0], []).append(protected)
    return response, stored, created


def _form(body):
    """The body as an HTML form would send it (multipart, every value text)."""
    return {
        key: json.dumps(value) if isinstance(value, bool) else value
        for key, value in body.items()
    }


def _flat(body):
    return all(not isinstance(value, (dict, list)) for value in body.values())


@pytest.mark.django_db
@pytest.mark.parametrize("row", FORGE_ROWS, ids=[row.id for row in FORGE_ROWS])
def test_a_body_cannot_set_owner_balance_status_or_verification(row):
    """Forged fields, as JSON or as a form, store exactly what the plain body does.

    The plain JSON request is the reference. Then, each in a savepoint rolled
    back: the body with forged fields; and for a flat body the same two as a
    multipart form (where DRF reads a missing boolean as false).
    """
    world = World(flag=row.flag)
    client = world.client(_actor(row))
    url = row.url(world)
    forged = _forged_fields(world)
    extra = {
        k: v
        for k, v in forged.items()
        if k not in row.body(world) and k not in row.settable
    }

    def run(fmt, with_extra):
        body = {**row.body(world), **(extra if with_extra else {})}
        body = _form(body) if fmt == "multipart" else body
        with transaction.atomic():
            outcome = _outcome(client, row, url, body, fmt)
            transaction.set_rollback(True)
        return outcome

    reference = run(row.fmt, False)
    assert 200 <= reference[0].status_code < 300, reference[0].content[:300]
    variants = [(row.fmt, True)]
    if row.fmt == "json" and _flat(row.body(world)):
        variants += [("multipart", False), ("multipart", True)]
    problems = []
    for fmt, with_extra in variants:
        response, stored, created = run(fmt, with_extra)
        name = f"{fmt}{' with forged fields' if with_extra else ''}"
        if response.status_code == 400 and with_extra:
            if stored or created:
                problems.append(f"{name}: refused, yet stored {stored} {created}")
        elif response.status_code != reference[0].status_code:
            problems.append(f"{name}: {response.status_code} {_content(response)!r}")
        elif (stored, created) != reference[1:]:
            problems.append(
                f"{name} stored {stored} {created}, plain JSON {reference[1:]}"
            )
    assert not problems, "\n".join(problems)

"""Every role × object × action, generated (tests/security/matrix.py says how): the routes from
Django's URL resolver and the published OpenAPI document, what each id parameter names from the
scoped lookup the view really calls, sample objects of that model from the demo plus an outside
committee, and the expected outcome from the scoped lookups and the rules predicates.

Fails on any leak or error:

* a server error (5xx) anywhere;
* without a session: an object route answers something else than 401 (API) or the login page;
* an object outside the user's scope (`get_*_for` raises NotFound) answers something else than
  404 (403 where the lookup itself says NotAllowed, or where the route refuses before looking up);
* a request that was refused (4xx), or touched an object outside the scope, wrote to the database;
* a response carries the private contact data (e-mail) of a member outside `members_for(user)`;
* the content rules: a paper's working copy only for `can_edit_paper`, roll-ups only for
  `can_view_rollup`.

`MATRIX_HIDDEN_403=1` prints every 403 to an object outside the user's scope, to review by hand:
legitimate when the route refuses on a visible object before looking the hidden one up
(permission first), a leak when a missing id would answer 404.

Each call runs inside a savepoint rolled back after it (and the client's cookies are restored), so
a permitted write never changes what the next call expects.
"""

import os
import re
import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from chuyende.api.api import api
from chuyende.common.errors import DomainError
from chuyende.meetings.rules import can_view_rollup
from chuyende.orgs.access import members_for
from chuyende.orgs.enums import Role
from chuyende.orgs.models import Member, Organization
from chuyende.papers.rules import can_edit_paper
from tests import factories as f

from .matrix import Predicates, Tracer, api_routes, candidates, resolve, visibility, web_routes
from .matrix import request as send

pytestmark = pytest.mark.django_db
User = get_user_model()

ACTORS = ["vanphong", "bithu", "giamsat", "bithu-phapche", "dangvien",  # the demo's roles
          "giamsat-ngoai-dv", "nguoingoai", "khongvaitro"]  # fmt: skip
# Sample objects per model and route, spread over the table (pk order): the demo's roles try two,
# the outside users and the anonymous client one (nothing of the demo is theirs).
PER_MODEL = {"inside": 2, "outside": 1}
IGNORED_WRITES = {"django_session"}  # a session row is the client's own state, not the object's
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _outside_world():
    """An outside committee with its own cell and member, a login with no member and no role, and a
    supervisor of a demo cell who is no party member (visible consultations, outside the audience)."""
    superior = Organization.objects.get(name="Đảng bộ Khối các cơ quan tỉnh")
    other = f.organization(superior, name="Đảng bộ Sở Tư pháp")
    cell = f.cell(other, name="Chi bộ Phòng Hành chính")
    users = {
        "nguoingoai": f.user("nguoingoai", member=f.member(cell, "Trần Thị Xuân")),
        "khongvaitro": f.user("khongvaitro"),
        "giamsat-ngoai-dv": f.user("giamsat-ngoai-dv"),
    }
    f.role(users["giamsat-ngoai-dv"], Organization.objects.get(name="Chi bộ Phòng Nghiệp vụ Pháp chế"),
           Role.SUPERVISOR)  # fmt: skip
    _files_and_lockout()
    # Canary contact data: an e-mail that names its member, to find it in any response.
    for member in Member.objects.all():
        Member.objects.filter(pk=member.pk).update(email=f"canary-{member.pk}@matrix.test")


PREDICATES = Predicates()


def _files_and_lockout():
    """What the demo does not make but routes name: an uploaded paper original, an evidence file,
    a member-list import, an organization-tree import and a login lockout — made the way users
    make them."""
    from chuyende.commitments.domain.progress import submit_report
    from chuyende.commitments.models import CommitmentItem
    from chuyende.orgs.domain import preview_member_import
    from chuyende.orgs.domain.tree_import import preview_organization_import
    from chuyende.papers import domain as papers
    from chuyende.papers.models import PositionPaper
    from chuyende.papers.rules import can_edit_paper
    from tests.papers.helpers import docx_upload

    uploaded = False
    users = list(User.objects.filter(is_superuser=False).order_by("pk"))
    for paper in PositionPaper.objects.order_by("pk"):
        for editor in (u for u in users if can_edit_paper(u, paper)):
            try:
                papers.import_file(actor=editor, paper=paper, version=paper.version,
                                   upload=docx_upload(lambda d: d.add_paragraph("Nội dung tải lên.")))  # fmt: skip
            except DomainError:
                continue
            uploaded = True
            break
        if uploaded:
            break
    assert uploaded, "no paper of the demo takes an upload"
    reported = False
    for item in CommitmentItem.objects.filter(withdrawn=False).select_related("responsible__user"):
        user = item.responsible.user if item.responsible else None
        if user is None:
            continue
        try:
            submit_report(actor=user, item=item, percent=50, narrative="Đã thực hiện một nửa.",
                          files=[SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 minh chung")])  # fmt: skip
        except DomainError:
            continue
        reported = True
        break
    assert reported, "no commitment item of the demo takes a progress report"
    clerk = User.objects.get(username="vanphong")
    committee = Organization.objects.get(pk=Member.objects.get(user=clerk).cell.parent_id)
    csv = "Họ và tên,Chi bộ,Email\nLê Quang Vinh,Phòng Nghiệp vụ Pháp chế,vinh@example.vn\n"
    preview_member_import(actor=clerk, organization=committee, file_name="ds.csv", content=csv.encode())
    tree = "Tên tổ chức,Loại,Cấp trên\nChi bộ Phòng Thông tin,Chi bộ,\n"
    preview_organization_import(actor=clerk, place=committee, file_name="cay.csv", content=tree.encode())
    client = Client()
    for _ in range(6):  # wrong passwords lock the account (a LoginLockout the office lifts)
        client.post("/dang-nhap/", {"username": "giamsat-kinhte", "password": "sai-mat-khau"})


class Recorder:
    """The tables one request writes to."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(1) not in IGNORED_WRITES:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


def _call(client, route, method, url):
    """One request in a savepoint that is rolled back: returns (response, tables written)."""
    PREDICATES.allowed = False
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # a copy: a log-out must not stick
    recorder = Recorder()
    try:
        with transaction.atomic():
            with connection.execute_wrapper(recorder):
                response = send(client, method, url, route.bodies.get(method))
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
        cache.clear()  # throttling counters and cached lookups start fresh for the next call
    return response, recorder.tables


def _snapshot(tables) -> dict[str, int]:
    """A digest of every row of `tables`."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - a table name the ORM wrote to
            digests[table] = hash(frozenset(tuple(str(v) for v in row) for row in cursor.fetchall()))
    return digests


def _changes(client, route, method, url, tables) -> list[str]:
    """The tables a refused request really changed: it ran a write statement (an UPDATE matching
    no row, or work a later refusal rolled back, also count as statements), so run it once more
    between two snapshots."""
    before = _snapshot(tables)
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    try:
        with transaction.atomic():
            send(client, method, url, route.bodies.get(method))
            after = _snapshot(tables)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
        cache.clear()
    return [table for table in sorted(tables) if before[table] != after[table]]


AUDIT_TABLES = {"common_auditentry", "common_auditchainhead"}


def _own_settings(tables, user) -> bool:
    """Changes only to rows of models keyed one-to-one by a person (a calendar feed token, reminder
    preferences): the user's own settings need no permission predicate."""
    models = {m._meta.db_table: m for m in apps.get_models()}
    for table in set(tables) - AUDIT_TABLES:
        model = models.get(table)
        fields = model._meta.get_fields() if model else []
        if not any(f.one_to_one and f.concrete and f.related_model in (User, Member) for f in fields):
            return False
    return True


def _combinations(route, per_model):
    """Every combination of sample values of the route's parameters, parameters in order."""
    combos = [{}]
    for param in route.params:
        nxt = []
        for chosen in combos:
            if param.kind == "str":
                values = param.values
            elif param.model is not None:
                values = candidates(param, route, chosen, per_model) or ["987654321"]
            elif param.where == "query":
                values = []
            else:
                values = ["987654321"]
            if not values and param.where == "query":
                nxt.append(chosen)
            for value in values:
                nxt.append({**chosen, param.name: value})
        combos = nxt
    return combos


def _expected(route, user, seen, response):
    """None when the answer is right, else what was expected."""
    status = response.status_code
    if status >= 500:
        return "no server error"
    has_object = any(p.lookup is not None or p.model is not None for p in route.params)
    if user is None:
        if not has_object:
            return None
        if route.api:
            return None if status == 401 else "401"
        login = status == 302 and "/dang-nhap/" in response.get("Location", "")
        return None if login or status == 404 else "the login page"
    if seen == "hidden" and status not in (403, 404, 405):
        return "404 (outside the user's scope)"
    if seen == "refused" and status not in (403, 404, 405):
        return "403 (the lookup refuses)"
    return None


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not ("text" in kind or "json" in kind):
        return ""
    return response.content.decode("utf-8", "replace")


def _content_rules(route, user, values, response) -> list[str]:
    found = []
    if response.status_code == 200 and route.template == "/api/papers/{paper_id}":
        from chuyende.papers.models import PositionPaper

        paper = PositionPaper.objects.get(pk=values["paper_id"])
        if response.json().get("draft") and not can_edit_paper(user, paper):
            found.append("the working copy of a paper they may not edit")
    if route.api and re.search(r"organizations/\{organization_id\}/(rollup|yearly-grades)$", route.template):
        organization = Organization.objects.get(pk=values["organization_id"])
        allowed = user is not None and can_view_rollup(user, organization)
        if allowed != (response.status_code == 200):
            found.append(f"roll-up answered {response.status_code}, can_view_rollup says {allowed}")
    return found


@pytest.fixture
def demo_world():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _outside_world()


def test_role_object_action_matrix(demo_world, capsys, request):
    started = time.monotonic()
    spec = api.get_openapi_schema()
    routes = web_routes() + api_routes(spec)
    assert len([r for r in routes if r.api]) >= 70 and len([r for r in routes if not r.api]) >= 60

    tracer = Tracer()
    tracer.install()
    try:
        admin = Client(raise_request_exception=False)
        admin.force_login(User.objects.get(username="quantri"))
        unresolved = resolve(routes, admin, tracer)
    finally:
        tracer.uninstall()
    # Every id parameter of every route was mapped to a model by what the view looked up.
    if os.environ.get("MATRIX_DEBUG"):
        with capsys.disabled():
            for r in routes:
                print(
                    r.label,
                    r.methods,
                    [
                        (
                            p.name,
                            p.kind,
                            p.values if p.kind == "str" else "",
                            p.lookup and p.lookup.__name__,
                            p.model and p.model.__name__,
                            p.column,
                            [o[0] for o in p.owners],
                        )
                        for p in r.params
                    ],
                )
    assert unresolved == [], unresolved
    # ...and every model a path names has objects to try (uploaded files, evidence, imports...).
    empty = sorted({p.model.__name__ for r in routes for p in r.params
                    if p.model is not None and p.where == "path" and not p.model._default_manager.exists()})  # fmt: skip
    assert empty == [], empty

    PREDICATES.install()
    request.addfinalizer(PREDICATES.uninstall)
    users = {name: User.objects.get(username=name) for name in ACTORS} | {"anonymous": None}
    canaries = dict(Member.objects.values_list("pk", "email"))
    problems, calls, timings = [], 0, {}
    for name, user in users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        visible_members = set(members_for(user).values_list("pk", flat=True)) if user else set()
        hidden = [email for pk, email in canaries.items() if pk not in visible_members]
        for route in routes:
            per_model = PER_MODEL["inside" if name in ACTORS[:5] else "outside"]
            for values in _combinations(route, per_model):
                seen = visibility(user, route, values) if user is not None else "anonymous"
                url = route.url(values)
                for method in route.methods:
                    t0 = time.monotonic()
                    response, written = _call(client, route, method, url)
                    timings[route.label] = timings.get(route.label, 0) + time.monotonic() - t0
                    calls += 1
                    where = f"{name} {method} {url}"
                    wanted = _expected(route, user, seen, response)
                    if (
                        os.environ.get("MATRIX_HIDDEN_403")
                        and seen == "hidden"
                        and response.status_code == 403
                    ):
                        with capsys.disabled():
                            print(f"HIDDEN403 {where} {_text(response)[:160]}")
                    if wanted:
                        problems.append(f"{where}: {response.status_code}, expected {wanted}")
                    refused = response.status_code >= 400 or seen in ("hidden", "refused")
                    unallowed = user is not None and not PREDICATES.allowed
                    if written and (refused or unallowed):
                        changed = _changes(client, route, method, url, written)
                        if changed and refused:
                            problems.append(f"{where}: {response.status_code} but changed {changed} ({seen})")
                        elif changed and not _own_settings(changed, user):
                            problems.append(f"{where}: {response.status_code}, changed {changed} "
                                            "and no rules predicate allowed it")  # fmt: skip
                    text = _text(response)
                    leaked = [e for e in hidden if e in text]
                    if leaked:
                        problems.append(f"{where}: shows private data of {len(leaked)} members "
                                        f"outside the user's scope ({leaked[0]})")  # fmt: skip
                    problems += [f"{where}: {p}" for p in _content_rules(route, user, values, response)]
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nsecurity matrix: {len(routes)} routes, {calls} calls, {elapsed:.0f} s")
        if os.environ.get("MATRIX_DEBUG"):
            for label, spent in sorted(timings.items(), key=lambda kv: -kv[1])[:25]:
                print(f"{spent:6.1f} s  {label}")
    assert calls > 2_500
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:200])

import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.utils import timezone

from chuyende.common.errors import DomainError, NotAllowed
from chuyende.common.models import AuditEntry, OutboxMessage
from chuyende.orgs.domain import accounts, create_member, preview_member_import, start_member_import
from chuyende.orgs.enums import Role
from chuyende.orgs.models import AccountCode, Member, MemberImport
from tests import factories as f
from tests.world import build_world

pytestmark = pytest.mark.django_db
SITE = "http://chuyende.test"


@pytest.fixture
def world():
    return build_world()


def _activate(username, code, password="Mat-khau-rieng-2016"):
    return accounts.activate_account(username=username, code=code, password=password, password_again=password)


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Nguyễn Đức Thành", "thanhnd"),
        ("Huỳnh Thị Ngọc Ánh", "anhhtn"),
        ("Đoàn Văn Thắng", "thangdv"),
        ("  ", "dangvien"),
    ],
)
def test_username_is_given_name_then_initials_without_accents(full_name, expected):
    assert accounts.username_base(full_name) == expected


def test_a_namesake_gets_the_next_number(world):
    f.user("thangdv")
    assert accounts.derive_username("Đoàn Văn Thắng") == "thangdv2"


def test_create_login_has_no_usable_password_and_is_audited(world):
    clerk = world.users["clerk"]
    user = accounts.create_login(actor=clerk, member=world.member_b)
    assert (user.username, user.has_usable_password(), user.is_active) == ("thangdv", False, True)
    assert Member.objects.get(pk=world.member_b.pk).user == user
    assert accounts.account_state(world.member_b) == accounts.AccountState.PENDING
    entry = AuditEntry.objects.filter(action="account.create").get()
    assert (entry.actor_label, entry.changes) == ("vanphong", {"username": "thangdv"})
    assert accounts.create_login(actor=clerk, member=world.member_b) == user  # idempotent


def test_sheet_codes_are_hashed_single_use_and_set_the_members_own_password(world):
    issued = accounts.issue_activation_codes(actor=world.users["clerk"], cell=world.cell_b)
    # Nguyễn Đức Thành already uses his login: only Đoàn Văn Thắng needs a code.
    assert [(row.member.full_name, row.username) for row in issued] == [("Đoàn Văn Thắng", "thangdv")]
    code = issued[0].code
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}", code)
    stored = AccountCode.objects.get()
    assert stored.code_hash == accounts.hash_code(stored.user_id, code)
    assert code.replace("-", "") not in stored.code_hash
    assert stored.expires_at - timezone.now() > timedelta(days=29)

    user = _activate("thangdv", code.lower().replace("-", " "))
    assert authenticate(username="thangdv", password="Mat-khau-rieng-2016") == user
    assert AccountCode.objects.get().used_at is not None
    with pytest.raises(DomainError, match="không đúng, đã dùng hoặc đã hết hạn"):
        _activate("thangdv", code, "Mat-khau-khac-2017")
    assert AuditEntry.objects.filter(action="account.activate", actor=user).count() == 1


def test_a_new_code_revokes_the_old_one_and_an_expired_code_is_refused(world):
    clerk = world.users["clerk"]
    first = accounts.issue_activation_codes(actor=clerk, cell=world.cell_b)[0].code
    second = accounts.issue_activation_codes(actor=clerk, cell=world.cell_b)[0].code
    with pytest.raises(DomainError):
        _activate("thangdv", first)
    AccountCode.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(DomainError, match="hết hạn"):
        _activate("thangdv", second)


def test_activation_refuses_a_weak_password_or_two_different_ones(world):
    code = accounts.issue_activation_codes(actor=world.users["clerk"], cell=world.cell_b)[0].code
    with pytest.raises(DomainError, match="không giống nhau"):
        accounts.activate_account(
            username="thangdv", code=code, password="Mot-mat-khau-9", password_again="khac"
        )
    with pytest.raises(DomainError):
        _activate("thangdv", code, "12345678")
    assert _activate("thangdv", code).has_usable_password()  # the code was not used up by the refusals


@pytest.mark.parametrize("role", ["cell_secretary", "member", "outsider", "supervisor", "committee_member"])
def test_who_may_not_hand_out_codes_for_a_cell(world, role):
    with pytest.raises(NotAllowed):
        accounts.issue_activation_codes(actor=world.users[role], cell=world.cell_b)
    with pytest.raises(NotAllowed):
        accounts.reset_account(actor=world.users[role], member=world.member_b)
    assert not AccountCode.objects.exists()


def test_a_cell_secretary_cannot_take_over_the_login_of_a_superior_in_their_cell(world):
    # Võ Minh Tuấn's cell secretary manages cell A; Huỳnh Thị Ngọc Ánh of cell A also sits on the
    # committee: resetting her login would hand the cell secretary a committee member's access.
    f.role(world.users["member"], world.committee, Role.COMMITTEE_MEMBER)
    with pytest.raises(NotAllowed):
        accounts.reset_account(actor=world.users["cell_secretary"], member=world.member_a)
    with pytest.raises(NotAllowed):
        accounts.deactivate_account(actor=world.users["cell_secretary"], member=world.member_a)
    assert accounts.reset_account(actor=world.users["clerk"], member=world.member_a).username == "dangvien"


def test_deactivate_stops_sign_in_and_codes_reactivate_restores_the_password(world):
    clerk = world.users["clerk"]
    member = world.member_a
    accounts.deactivate_account(actor=clerk, member=member)
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") is None
    assert accounts.account_state(member) == accounts.AccountState.DISABLED
    with pytest.raises(DomainError, match="đang bị khoá"):
        accounts.reset_account(actor=clerk, member=member)
    accounts.reactivate_account(actor=clerk, member=member)
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") == member.user
    actions = list(AuditEntry.objects.filter(action__startswith="account.").values_list("action", flat=True))
    assert actions == ["account.deactivate", "account.reactivate"]


def test_reset_stops_the_old_password_and_the_new_code_sets_one(world):
    issued = accounts.reset_account(actor=world.users["cell_secretary"], member=world.member_a)
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") is None
    _activate("dangvien", issued.code)
    assert authenticate(username="dangvien", password="Mat-khau-rieng-2016") == world.users["member"]


def test_activation_emails_go_to_the_outbox_for_members_with_an_address(world):
    count = accounts.prepare_activation_emails(actor=world.users["clerk"], cell=world.cell_b, site_url=SITE)
    message = OutboxMessage.objects.get()
    assert (count, message.to_email, message.status) == (1, "thang@example.vn", OutboxMessage.Status.PREPARED)
    code = re.search(r"Mã kích hoạt: (\S+)", message.body).group(1)
    assert f"{SITE}/kich-hoat/?u=thangdv&ma={code}" in message.body
    # A second round replaces the waiting message: its code was revoked.
    accounts.prepare_activation_emails(actor=world.users["clerk"], cell=world.cell_b, site_url=SITE)
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().body != message.body


def test_forgot_password_sends_a_reset_code_by_mail(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts.request_password_reset(identifier="anh@example.vn", site_url=SITE) is True
    assert [m.to for m in mail.outbox] == [["anh@example.vn"]]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    code = re.search(r"Mã: (\S+)", mail.outbox[0].body).group(1)
    assert authenticate(username="dangvien", password="mat-khau-thu-nghiem") is not None  # until used
    user = _activate("dangvien", code)
    assert authenticate(username="dangvien", password="Mat-khau-rieng-2016") == user
    assert AuditEntry.objects.filter(action="account.password_reset").count() == 1


@pytest.mark.parametrize("identifier", ["khong-co-ai", "", "nguoi@la.vn", "khongvaitro"])
def test_forgot_password_for_an_unknown_or_mailless_account_sends_nothing(world, identifier):
    assert accounts.request_password_reset(identifier=identifier, site_url=SITE) is False
    assert not OutboxMessage.objects.exists()


def test_member_import_creates_the_logins(world, django_capture_on_commit_callbacks):
    csv = "Họ và tên,Chi bộ,Email\nLê Quang Vinh,Phòng Nghiệp vụ Pháp chế,vinh@example.vn\n"
    preview = preview_member_import(
        actor=world.users["clerk"], organization=world.committee, file_name="ds.csv", content=csv.encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        start_member_import(actor=world.users["clerk"], member_import=preview)
    preview.refresh_from_db()
    assert (preview.status, preview.progress) == (MemberImport.Status.APPLIED, 100)
    vinh = Member.objects.select_related("user").get(full_name="Lê Quang Vinh")
    assert (vinh.user.username, vinh.user.has_usable_password()) == ("vinhlq", False)
    # Members already in the list (none here) and those created keep one login each.
    assert get_user_model().objects.filter(username__startswith="vinhlq").count() == 1


def test_a_large_import_runs_in_chunks_with_progress(world, django_capture_on_commit_callbacks):
    names = [f"Nguyễn Văn Thử {i}" for i in range(600)]
    csv = "Họ và tên,Chi bộ\n" + "".join(f"{name},Phòng Nghiệp vụ Pháp chế\n" for name in names)
    preview = preview_member_import(
        actor=world.users["clerk"], organization=world.committee, file_name="ds.csv", content=csv.encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        started = start_member_import(actor=world.users["clerk"], member_import=preview)
    assert started.status == MemberImport.Status.APPLYING  # what the page saw when it queued the task
    preview.refresh_from_db()
    assert (preview.status, preview.progress, preview.summary["counts"]["create"]) == ("applied", 100, 600)
    assert Member.objects.filter(full_name__startswith="Nguyễn Văn Thử", user__isnull=False).count() == 600
    usernames = Member.objects.filter(full_name__startswith="Nguyễn Văn Thử").values_list(
        "user__username", flat=True
    )
    assert len(set(usernames)) == 600


def test_starting_an_import_is_refused_to_a_member_and_with_row_errors(world):
    csv = "Họ và tên,Chi bộ\nLê Quang Vinh,Không Có\n"
    preview = preview_member_import(
        actor=world.users["clerk"], organization=world.committee, file_name="ds.csv", content=csv.encode()
    )
    with pytest.raises(NotAllowed):
        start_member_import(actor=world.users["member"], member_import=preview)
    with pytest.raises(DomainError, match="Còn 1 dòng lỗi"):
        start_member_import(actor=world.users["clerk"], member_import=preview)


def test_create_member_alone_does_not_create_a_login(world):
    member = create_member(actor=world.users["clerk"], cell=world.cell_a, full_name="Lê Thị Hoa")
    assert member.user is None

from datetime import date

from chuyende.commitments.domain import ItemInput, create_commitment, set_state
from chuyende.commitments.enums import CommitmentState
from chuyende.common.actors import SYSTEM
from chuyende.documents.models import DocumentType, OfficialDocument
from chuyende.orgs.models import Term


def resolution(organization):
    term = Term.objects.get_or_create(
        organization=organization, name="2020 – 2025", starts_on=date(2020, 10, 1)
    )[0]
    return OfficialDocument.objects.create(
        organization=organization, document_type=DocumentType.objects.get(code="NQ"), term=term,
        summary="về xây dựng, chỉnh đốn Đảng", state="issued", number=5, number_symbol="05-NQ/ĐU",
        issued_on=date(2025, 1, 5),
    )  # fmt: skip


def item(deadline=date(2025, 6, 30), text="Ngại va chạm trong sinh hoạt", **fields):
    return ItemInput(shortcoming=text, remedy="Phát biểu ý kiến ở mỗi kỳ sinh hoạt",
                     sign_of_done="Phát biểu ít nhất 3 kỳ liên tiếp", deadline=deadline, **fields)  # fmt: skip


def commitment(cell, owner=None, *, basis, items=None, approve=True, actor=SYSTEM):
    made = create_commitment(
        actor=actor, cell=cell, owner_member=owner, title="Cam kết khắc phục năm 2025",
        items=items or [item()], resolution=basis, confirm_past_deadlines=True,  # test data lives in 2025
    )  # fmt: skip
    if approve:
        set_state(actor=SYSTEM, commitment=made, state=CommitmentState.SUBMITTED)
        set_state(actor=SYSTEM, commitment=made, state=CommitmentState.APPROVED)
    return made

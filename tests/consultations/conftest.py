import pytest

from chuyende.api.routers import consultations as api
from chuyende.consultations.domain import comments
from tests.world import build_world


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Ids are reused after each test's rollback: start every test with empty process caches."""
    comments.forget_member_cards()
    comments._BLOCKS.clear()
    api._TOKENS.clear()
    api._CONSULTATIONS.clear()


@pytest.fixture
def world(db):
    return build_world()

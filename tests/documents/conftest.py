"""Fixtures shared by the document tests: the standard world and a term of its committee."""

import pytest

from tests.world import build_world

from .helpers import term_for


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def term(world):
    return term_for(world.committee)

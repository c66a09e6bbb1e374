import pytest

from tests.services.factories import make_item


@pytest.fixture
def item(db):
    """低保申请: 3 materials required, one may follow later, promised 10 working days."""
    return make_item()

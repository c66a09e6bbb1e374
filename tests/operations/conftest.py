import pytest


@pytest.fixture
def official_calendar(transactional_db):
    # A transactional test runs after others have flushed the calendar the migration seeded.
    from xiangzhen.workdays.services import calendar_load_from_package

    calendar_load_from_package(actor=None)

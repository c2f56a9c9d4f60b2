import pytest

from allies.directory.models import Organization
from allies.partnerships.models import Partnership, Stage


@pytest.fixture
def rotary(library):
    return Organization.objects.create(
        library=library, name="Riverton Rotary Club", sector="service_club"
    )


@pytest.fixture
def foundation(library):
    return Organization.objects.create(
        library=library, name="Riverton Community Foundation", sector="foundation"
    )


@pytest.fixture
def foreign_org(other_library):
    return Organization.objects.create(library=other_library, name="Elsewhere Chamber of Commerce")


@pytest.fixture
def partnership(library, rotary, staff):
    return Partnership.objects.create(
        library=library, organization=rotary, stage=Stage.EXPLORING, lead=staff
    )

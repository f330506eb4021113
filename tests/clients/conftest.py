"""The worklist's TYM unit (its worker pair, coordinator, manager, intake professional and cases) serves the
caseload list's tests too."""

from tests.worklist.conftest import tym  # noqa: F401

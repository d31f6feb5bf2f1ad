"""The approval's tiny city and accounts, for the home's tasks."""

from tests.approvals.conftest import actors, base_plan  # noqa: F401  (fixture re-export)
from tests.planning.conftest import tiny  # noqa: F401  (fixture re-export)

"""The team fixture of the handler tests, here too."""

from tests.handlers.conftest import team  # noqa: F401

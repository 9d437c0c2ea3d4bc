"""Domain errors: each message is fit to show to the person who asked."""


class DomainError(Exception):
    """A request that cannot be done; str(error) is a friendly explanation."""


class NotFound(DomainError):
    """The thing asked about does not exist (here)."""


class NoCase(NotFound):
    """The channel asked about is linked to no case."""


class Invalid(DomainError):
    """The request is malformed; the message says how to write it."""


class Forbidden(DomainError):
    """The person may not do this; the message says who may."""


class Conflict(DomainError):
    """The request clashes with the current state."""


class FieldInvalid(Invalid):
    """One field of a form is wrong; `field` names it so the form can show the error beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def quoted(text: str) -> str:
    """User text made safe to quote in a message: mrkdwn's &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Refused(Invalid):
    """Invalid, with the example that fits this refusal."""

    def __init__(self, message: str, example: str) -> None:
        super().__init__(message)
        self.example = example

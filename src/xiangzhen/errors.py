"""The one domain error type. Pages show its message; the API answers `{"error": {"code", "message"}}`."""


class DomainError(Exception):
    status_code = 422
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class ValidationFailed(DomainError):
    status_code = 422
    code = "invalid"


class NotFound(DomainError):
    """Also raised for objects outside the viewer's jurisdiction, so their existence is not revealed."""

    status_code = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status_code = 403
    code = "forbidden"


class Conflict(DomainError):
    """A concurrent edit or a transition that the object's current state does not allow."""

    status_code = 409
    code = "conflict"

"""Service errors raised by the sandbox.

These live outside the ``moto`` package on purpose: moto derives a service name
from an exception's module, and its own ``InvalidChangeBatch`` has a fixed
message.  moto's serializer turns them into the exact wire format of the
protocol (REST-JSON for SES v2, REST-XML for Route 53, query for SES v1).
"""

from moto.core.exceptions import ServiceException


class SandboxError(ServiceException):
    """An AWS error with an explicit code and message."""

    def __init__(self, code, message):
        super().__init__(code, message)


def bad_request(message):
    return SandboxError("BadRequestException", message)


def not_found(message):
    return SandboxError("NotFoundException", message)


def already_exists(message):
    return SandboxError("AlreadyExistsException", message)


def conflict(message):
    return SandboxError("ConflictException", message)


def limit_exceeded(message):
    return SandboxError("LimitExceededException", message)


class InvalidChangeBatch(SandboxError):
    """Route 53's batch-level rejection; every problem is listed."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("InvalidChangeBatch", "[" + ", ".join(self.messages) + "]")

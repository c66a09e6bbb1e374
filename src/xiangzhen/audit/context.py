"""The request being served, so audit events can record the client address without threading it through."""

from contextvars import ContextVar

current_ip_address: ContextVar[str | None] = ContextVar("current_ip_address", default=None)

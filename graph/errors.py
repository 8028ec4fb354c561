"""One exception tree for the whole project; the API and CLI map it at the edges."""

from __future__ import annotations


class GovkgError(Exception):
    """Root of every error a user can cause or meet."""

    status_code = 500
    code = "internal_error"


class InvalidFactsError(GovkgError):
    """Facts that do not fit the schema; nothing was written."""

    status_code = 422
    code = "invalid_facts"


class InputError(GovkgError):
    """An input file or request that cannot be read."""

    status_code = 422
    code = "bad_input"


class NotFoundError(GovkgError):
    status_code = 404
    code = "not_found"


class BadParameterError(GovkgError):
    status_code = 422
    code = "bad_parameter"


class StoreUnavailableError(GovkgError):
    """The graph store cannot be reached or opened."""

    status_code = 503
    code = "store_unavailable"


class UnsupportedError(GovkgError):
    """The operation exists, but not on this store."""

    status_code = 400
    code = "unsupported"


class QueryRefusedError(GovkgError):
    """A query that would write, or that breaks a limit."""

    status_code = 403
    code = "query_refused"


class QueryTimeoutError(GovkgError):
    status_code = 408
    code = "query_timeout"


class AuthError(GovkgError):
    status_code = 401
    code = "unauthorized"


class ForbiddenError(GovkgError):
    status_code = 403
    code = "forbidden"

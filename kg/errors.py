"""The one exception tree of kg.

    KgError
     ├── ConfigError            a setting or command-line parameter is wrong
     ├── InputError             one input file or record cannot be read (names file and line)
     │    ├── EmptyInputError
     │    ├── BinaryInputError
     │    ├── EncodingInputError
     │    ├── MissingHeadlineError
     │    ├── MalformedInputError
     │    └── VanishedInputError
     ├── ShapesError            the SHACL shapes themselves are broken
     ├── DumpError              a dump cannot be written or read back
     ├── StoreError             the Oxigraph store cannot be loaded or opened
     └── QueryError             an HTTP request is refused (mapped to HTTP in kg.web.errors)
          ├── BadRequestError       400: malformed protocol request (no query, two queries)
          ├── QuerySyntaxError      400: with the parser's message and position
          ├── QueryForbiddenError   403: updates, SERVICE, LOAD
          ├── NotFoundError         404
          ├── MethodNotAllowedError 405
          ├── NotAcceptableError    406: lists the formats on offer
          ├── UriTooLongError       414: says to use POST
          ├── UnsupportedMediaTypeError 415
          ├── ResultTooLargeError   422: more rows than max_rows, known before the first byte
          ├── QueryTimeoutError     503
          └── QueryBusyError        503 with Retry-After

Violations of the shapes are data (kg.validate.ValidationReport), never exceptions.

    Terminated (a BaseException, like KeyboardInterrupt) SIGTERM arrived: stop, clean up, exit 143
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class ConfigError(KgError):
    """A setting or parameter is invalid; the message names it."""


class InputError(KgError):
    """An input cannot be read. ``path`` and (where known) ``line`` say where."""

    kind = "input"

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class EmptyInputError(InputError):
    kind = "empty"


class BinaryInputError(InputError):
    kind = "binary"


class EncodingInputError(InputError):
    kind = "encoding"


class MissingHeadlineError(InputError):
    kind = "no-headline"


class MalformedInputError(InputError):
    kind = "malformed"


class VanishedInputError(InputError):
    kind = "vanished"


class ShapesError(KgError):
    """The shapes graph is unusable (parse error, unsupported constraint)."""


class DumpError(KgError):
    """A dump cannot be written, or a file given to ``kg validate`` cannot be parsed."""


class StoreError(KgError):
    """The Oxigraph store cannot be loaded from the dumps or opened."""


class QueryError(KgError):
    """A request is refused. ``status`` is the HTTP status it maps to."""

    status = 400
    title = "Bad query"

    def __init__(self, detail: str, **extra: object) -> None:
        self.detail = detail
        self.extra = extra
        super().__init__(detail)


class QuerySyntaxError(QueryError):
    title = "SPARQL syntax error"


class QueryForbiddenError(QueryError):
    status = 403
    title = "Forbidden"


class QueryTimeoutError(QueryError):
    status = 503
    title = "Query time limit reached"


class QueryBusyError(QueryError):
    status = 503
    title = "Too many concurrent queries"


class NotAcceptableError(QueryError):
    status = 406
    title = "Not acceptable"


class NotFoundError(QueryError):
    status = 404
    title = "Not found"


class BadRequestError(QueryError):
    title = "Bad request"


class MethodNotAllowedError(QueryError):
    status = 405
    title = "Method not allowed"


class UriTooLongError(QueryError):
    status = 414
    title = "Request URI too long"


class UnsupportedMediaTypeError(QueryError):
    status = 415
    title = "Unsupported media type"


class ResultTooLargeError(QueryError):
    status = 422
    title = "Result too large"


class Terminated(BaseException):  # named as KeyboardInterrupt is: it is no error
    """The process got SIGTERM (raised by the command line's signal handler). Like
    KeyboardInterrupt it is no error: it unwinds the work, which cleans up after itself."""

"""Why a request is refused. Transports map each class to a status (entrypoints/errors.py)."""


class InferenceError(Exception):
    """A request the service refuses; the message is safe to show to the caller."""


class InvalidInput(InferenceError):
    """The request does not match the model: tensor names, datatypes, shapes or values."""


class ModelNotFound(InferenceError):
    """No model with that name (and version) is served here."""


class NotReady(InferenceError):
    """The model is still loading, or the server is draining before it stops."""


class TooLarge(InferenceError):
    """The request body or its number of rows is over the configured limit."""


class Overloaded(InferenceError):
    """Too many requests are already in flight; the caller should retry later."""


class DeadlineExceeded(InferenceError):
    """The request could not be answered within its deadline."""


class ModelIntegrityError(Exception):
    """The model on disk cannot be served, so the server refuses to start.

    It is missing, changed since its manifest, or has tensors the protocol cannot carry;
    `make model` refuses to import such a model.
    """

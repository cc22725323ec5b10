"""Errors the assistant raises.

``UserError`` is a mistake by the caller (bad settings, unreadable file, empty question);
``RuntimeFailure`` is something that went wrong while serving (endpoint down, corrupt store).
Front ends map both to one short message.
"""


class QAError(Exception):
    """Base class for every error this project raises on purpose."""


class UserError(QAError):
    """The caller asked for something that cannot be done as asked."""


class InvalidQuestion(UserError):
    """The question is empty, too long or otherwise unusable."""


class UnknownDocument(UserError):
    """No document with this id is in the store."""


class SettingsError(UserError):
    """A setting is missing or inconsistent; the message names the variable."""


class RuntimeFailure(QAError):
    """A dependency failed while serving a request."""


class GeneratorUnavailable(RuntimeFailure):
    """The language-model endpoint is down, too slow, or answered with an error."""


class StoreError(RuntimeFailure):
    """The Chroma store is unreachable or corrupt."""


class EmbedderUnavailable(RuntimeFailure):
    """The embeddings endpoint is down, too slow, or answered with an error."""


class AnswerDeadlineExceeded(GeneratorUnavailable):
    """The language model did not finish within the question's deadline (``QA_ANSWER_DEADLINE``)."""

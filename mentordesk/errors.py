"""Expected failures: each carries a message a coordinator can act on."""


class MentorDeskError(Exception):
    """A failure the user can fix; shown as one line, never as a traceback."""


class DatabaseError(MentorDeskError):
    """The database file cannot be opened as asked."""


class DatabaseLocked(DatabaseError):
    """Another MentorDesk process is writing this database."""


class ValidationError(MentorDeskError):
    """Input that breaks a rule of the programme; nothing was written."""


class PassphraseNeeded(DatabaseError):
    """The file is encrypted and no passphrase was given."""


class WrongPassphrase(DatabaseError):
    """The passphrase given does not open the file; nothing was changed."""


class ReadOnlyFile(DatabaseError):
    """The programme file (or its folder) can't be written; nothing was changed."""

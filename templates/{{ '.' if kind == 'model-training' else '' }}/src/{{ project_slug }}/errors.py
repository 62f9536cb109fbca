"""The one exception type the command line turns into a clear message and exit code 2."""


class UserInputError(Exception):
    """Input from the user (configuration, data, run folder) is wrong; nothing was changed."""

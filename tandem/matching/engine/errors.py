"""The one error the engine raises for bad input, carrying every problem found."""


class ProblemError(ValueError):
    """The problem is invalid; ``errors`` lists each finding as a readable sentence."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(errors))

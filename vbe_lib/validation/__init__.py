"""Validation of the input data: :class:`Problem` and :func:`validera`."""
from vbe_lib.validation.problem import Problem, problem_for_namnd, sortera

__all__ = ["Problem", "problem_for_namnd", "sortera", "validera"]


def __getattr__(name):  # lazy: validera imports vbe_lib.data, which imports this package
    if name == "validera":
        from vbe_lib.validation.validera import validera

        return validera
    raise AttributeError(name)

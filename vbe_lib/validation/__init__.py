"""Validation of the input data: :class:`Problem` and :func:`validera`."""
from vbe_lib.validation.problem import Problem, problem_for_namnd, sortera
from vbe_lib.validation.validera import sammanfattning, validera  # noqa: E402  (function shadows module)

__all__ = ["Problem", "problem_for_namnd", "sortera", "validera", "sammanfattning"]

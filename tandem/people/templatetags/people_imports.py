"""Template filters for HR import runs: problems worded in the viewer's language."""

from django import template

from tandem.people.imports import Problem, describe

register = template.Library()


@register.filter
def describe_problem(problem: Problem) -> str:
    return describe(problem)

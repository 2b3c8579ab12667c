"""behave's steps: the one step library of ``steps/``, bound for behave."""

from behave import step

from steps.bind_behave import bind

bind(step)

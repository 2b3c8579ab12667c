"""Binds the step library to pytest-bdd for every scenario module in this folder."""

from steps.bind_pytest_bdd import bind

bind()

"""twinrig's runners: the scenario life, the pytest plugin and behave's hooks, the run's options,
the runner, mutation and flakiness."""

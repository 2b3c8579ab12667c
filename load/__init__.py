"""Load on remote commands: the TCU fleet twin, the seeded fleet, Locust's phone users, the checks.

Only :mod:`load.locustfile` imports Locust (it monkey-patches with gevent); everything else here
is plain Python that the rig's command line may import.
"""

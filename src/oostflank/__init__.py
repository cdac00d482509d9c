"""oostflank: the Netherlands' deployments on NATO's eastern flank and their mandates.

As a library::

    import datetime as dt
    import oostflank

    registry = oostflank.load()  # the bundled registry, as the letter of 20 May 2026 gives it
    for row in oostflank.expiring(registry, dt.date(2026, 5, 20), before=dt.date(2026, 7, 1)):
        print(row.deployment.id, row.deployment.end, row.status)

The names below come from `oostflank.api` (their docstrings say more). They are loaded when
first used, so that importing the package costs nothing: the command line starts from here too,
and its Ctrl-C guard must come before anything heavy.
"""

# Nothing is imported here, not even `typing`: the console script imports this package before
# `__main__` can guard Ctrl-C. mypy reads a block under a name TYPE_CHECKING as typing's.
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = [
    "Decision",
    "Deployment",
    "Event",
    "Milestone",
    "OostflankError",
    "PartialDate",
    "Problem",
    "Registry",
    "RegistryError",
    "Source",
    "Status",
    "StatusRow",
    "UnknownDeployment",
    "__version__",
    "add_deployment",
    "add_milestone",
    "add_source",
    "agenda",
    "end",
    "expiring",
    "extend",
    "find",
    "load",
    "loads",
    "milestone_done",
    "records",
    "save",
    "status_on",
]

if TYPE_CHECKING:
    from oostflank.api import (
        Decision,
        Deployment,
        Event,
        Milestone,
        OostflankError,
        PartialDate,
        Problem,
        Registry,
        RegistryError,
        Source,
        Status,
        StatusRow,
        UnknownDeployment,
        add_deployment,
        add_milestone,
        add_source,
        agenda,
        end,
        expiring,
        extend,
        find,
        load,
        loads,
        milestone_done,
        records,
        save,
        status_on,
    )


def __getattr__(name: str) -> object:
    """A public name, imported from `oostflank.api` on first use (PEP 562)."""
    if name in __all__:
        from oostflank import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'oostflank' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

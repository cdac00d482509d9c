"""Every command of the program, and the module that defines it: written once, read by the
program's command group (which imports a command's module only when that command is asked for)
and by the mover of options typed before the command. A test holds it to `oostflank --help`.
"""

# The name the program goes by, also under `python -m` (--install-completion writes for it);
# the variable through which the shell asks what may come next on its line; and the options
# that print or install the shell's completion script. `completion` answers both, and is
# imported only for them.
PROG_NAME = "oostflank"
COMPLETE_VAR = "_OOSTFLANK_COMPLETE"
SCRIPT_OPTIONS = ("--show-completion", "--install-completion")

_READ, _VIEW, _WRITE, _NEWS, _SCHEMA = (
    "oostflank.read_commands",
    "oostflank.view_commands",
    "oostflank.write_commands",
    "oostflank.news_commands",
    "oostflank.schema_command",
)


class Home:
    """Where a command is defined; for a group, its subcommands, and whether the group is a
    command by itself when none follows (`oostflank news` lists papers). A plain class: this
    module is read at every start, and a NamedTuple costs ten times as much to define."""

    __slots__ = ("module", "runs_alone", "subcommands")

    def __init__(self, module: str, subcommands: tuple[str, ...] = (), runs_alone: bool = False):
        self.module, self.subcommands, self.runs_alone = module, subcommands, runs_alone


# In the order `oostflank --help` lists them.
COMMANDS: dict[str, Home] = {
    "status": Home(_READ),
    "expiring": Home(_READ),
    "show": Home(_READ),
    "check": Home(_READ),
    "budget": Home(_READ),
    "agenda": Home(_VIEW),
    "timeline": Home(_VIEW),
    "init": Home(_WRITE),
    "extend": Home(_WRITE),
    "end": Home(_WRITE),
    "start": Home(_WRITE),
    "add": Home(_WRITE),
    "fmt": Home(_WRITE),
    "schema": Home(_SCHEMA),
    "export": Home(_VIEW, ("ics",)),
    "source": Home(_WRITE, ("add",)),
    "milestone": Home(_WRITE, ("add", "done")),
    "news": Home(_NEWS, ("ack",), runs_alone=True),
    "propose": Home("oostflank.propose_commands"),
}

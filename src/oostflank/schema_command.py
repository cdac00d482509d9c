"""`oostflank schema`: the registry format as a JSON Schema, for editors that check a registry as
it is typed (Taplo, Even Better TOML). Kept apart from the read commands: it reads no registry and
needs neither rich nor dateutil."""

import json
import sys

from oostflank.app import command, opening
from oostflank.options import ColorOpt, LangOpt


@command("schema")
def schema(lang: LangOpt = None, color: ColorOpt = None) -> None:
    """Print the registry format as a JSON Schema. Draft 2020-12, readable as draft 4 and 7.

    Save it beside a registry and name it in the registry's top-level "$schema" key: editors
    that read TOML through Taplo (Even Better TOML) then check the registry as it is typed."""
    # The schema is English whatever --lang says, as JSON output is; --lang words the messages.
    # --color is taken, as by every command, so that a script may pass it to all of them.
    with opening("schema", lang=lang, color=color):
        from oostflank.registry import json_schema

        sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")

"""Just enough of a Bicep reader for infra/azure/main.bicep, without the Bicep compiler (CI has
none). Regular expressions over the file's lines, relying on the conventions written at the top
of main.bicep:

- `resource <symbol> '<type>@<api version>' [existing] = {` on one line each;
- `param <name> <type> [= <default>]` on one line each, decorators on the lines above;
- `output <name> <type> = <expression>` on one line each, and so are the `var`s read here;
- environment variables only in `var <name>Env = [ ... ]` lists, one `{ name: '...', value: ... }`
  or `{ name: '...', secretRef: '...' }` object per line.

Comments (`//` to the end of a line, outside strings) are dropped first. Anything the reader does
not recognise is not guessed at: the tests assert on what it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

RESOURCE = re.compile(r"^resource\s+(\w+)\s+'([\w./]+)@([\w-]+)'\s*(existing\s*)?=")
PARAM = re.compile(r"^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$")
OUTPUT = re.compile(r"^output\s+(\w+)\s+(\w+)\s*=\s*(.+)$")
VAR = re.compile(r"^var\s+(\w+)\s*=\s*(.+)$")
DECORATOR = re.compile(r"^@(\w+)\(")
ENV_LIST = re.compile(r"^var\s+(\w+Env)\s*=")
ENV_ENTRY = re.compile(r"\{\s*name:\s*'([^']+)'\s*,\s*(value|secretRef):\s*(.+?)\s*\}")


@dataclass(frozen=True)
class Resource:
    symbol: str
    type: str
    api_version: str
    existing: bool


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    decorators: frozenset[str]

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class EnvEntry:
    name: str
    kind: str  # "value" or "secretRef"
    expression: str
    list_name: str


@dataclass
class Template:
    text: str
    lines: list[str] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    params: dict[str, Param] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    vars: dict[str, str] = field(default_factory=dict)  # single-line `var name = expression`
    env: list[EnvEntry] = field(default_factory=list)

    def env_names(self) -> set[str]:
        return {entry.name for entry in self.env}

    def block(self, opening_line: str) -> str:
        """The text of the `{...}` or `[...]` that opens on the line starting with
        `opening_line`, bracket-matched (brackets inside strings are rare enough here that
        main.bicep has none)."""
        start = next(i for i, line in enumerate(self.lines) if line.startswith(opening_line))
        depth = 0
        collected: list[str] = []
        for line in self.lines[start:]:
            collected.append(line)
            depth += line.count("{") + line.count("[") - line.count("}") - line.count("]")
            if depth <= 0 and len(collected) > 1:
                break
        return "\n".join(collected)


def strip_comment(line: str) -> str:
    """The line without a `//` comment; a `//` inside a '...' string is kept."""
    in_string = False
    for i, char in enumerate(line):
        if char == "'":
            in_string = not in_string
        elif char == "/" and not in_string and line[i : i + 2] == "//":
            return line[:i].rstrip()
    return line.rstrip()


def read(path: Path) -> Template:
    text = path.read_text(encoding="utf-8")
    lines = [strip_comment(line) for line in text.splitlines()]
    template = Template(text=text, lines=lines)
    decorators: set[str] = set()
    open_decorator = 0  # brackets still open in a decorator spanning lines (@allowed([...]))
    env_list: str | None = None
    for raw in lines:
        line = raw.strip()
        if open_decorator or (match := DECORATOR.match(line)):
            if not open_decorator:
                decorators.add(match.group(1))
            open_decorator += line.count("(") + line.count("[") - line.count(")") - line.count("]")
            continue
        if match := PARAM.match(line):
            name, type_, default = match.groups()
            template.params[name] = Param(name, type_, default, frozenset(decorators))
        elif match := RESOURCE.match(line):
            symbol, type_, version, existing = match.groups()
            template.resources.append(Resource(symbol, type_, version, bool(existing)))
        elif match := OUTPUT.match(line):
            template.outputs[match.group(1)] = match.group(3)
        elif (match := VAR.match(line)) and not match.group(2).endswith(("[", "{")):
            template.vars[match.group(1)] = match.group(2)
        if line:
            decorators = set()
        if match := ENV_LIST.match(line):
            env_list = match.group(1)
        elif env_list is not None:
            if line == "]":
                env_list = None
            elif match := ENV_ENTRY.search(line):
                name, kind, expression = match.groups()
                template.env.append(EnvEntry(name, kind, expression, env_list))
    return template

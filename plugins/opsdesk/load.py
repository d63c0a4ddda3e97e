"""Reading YAML with line numbers, and turning every problem into a located ``Problem``.

PyYAML (with libyaml when available) composes the document into nodes that carry
their marks; we construct the values from those nodes and keep, for every key path,
the line where it stands. Validation errors from the schema (pydantic) then map back
to a line, a dotted key and a sentence an author understands.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .problems import Problem, did_you_mean, quoted

__all__ = ["KeyPath", "Located", "dotted", "parse_yaml", "validate"]

try:  # libyaml is an order of magnitude faster; pure Python gives the same result
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _Loader = yaml.SafeLoader

KeyPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Located:
    """A YAML document's value with the line of every key path in it."""

    value: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def dotted(path: KeyPath) -> str:
    """``('faq', 2, 'a')`` → ``faq[2].a``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(text: str, *, file: str, first_line: int = 1) -> Located:
    """Parse one YAML document; ``first_line`` is the file line of its first line.

    A syntax error becomes one problem with YAML's own line and column; duplicate keys
    become problems too (YAML would silently keep the last one).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        return Located(None, problems=[_syntax_problem(error, file, _LineOf(text, first_line))])
    except (ValueError, OverflowError, RecursionError) as error:  # e.g. a date like 2026-13-45
        return Located(None, problems=[Problem(file, first_line, None, f"not valid YAML: {error}")])
    finally:
        loader.dispose()
    located = Located(value)
    if node is not None:
        _index(node, (), located, file, _LineOf(text, first_line), set())
    return located


def _syntax_problem(error: yaml.YAMLError, file: str, line_of: _LineOf) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return Problem(file, line_of.first_line, None, f"not valid YAML: {problem}")
    line = line_of(mark)
    hint = _syntax_hint(str(problem))
    return Problem(
        file, line, None, f"not valid YAML: {problem} (line {line}, column {mark.column + 1}){hint}"
    )


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "; a value containing ': ' must be quoted"
    if "found character '\\t'" in problem:
        return "; indent with spaces, not tabs"
    return ""


_NEWLINE = re.compile("\n")


class _LineOf:
    """File line of a YAML mark, counting only ``\n`` as editors do (YAML also counts
    NEL and the Unicode line separators, which would shift every line after them)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.breaks = [match.start() for match in _NEWLINE.finditer(text)]

    def __call__(self, mark: yaml.Mark) -> int:
        return self.first_line + bisect.bisect_left(self.breaks, mark.index)


def _index(
    node: yaml.Node, path: KeyPath, out: Located, file: str, line_of: _LineOf, seen: set[int]
) -> None:
    """Record the line of every key path below ``node``, and flag duplicate keys."""
    if id(node) in seen:  # an alias to a node already indexed
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            line = line_of(key_node.start_mark)
            if not _is_text_key(key_node):
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                out.problems.append(Problem(file, line, dotted((*path, shown)),
                                            _non_text_key(key_node)))
                continue
            key = key_node.value
            if key in first_seen:
                out.problems.append(
                    Problem(file, line, dotted((*path, key)),
                            f"key given twice (first on line {first_seen[key]}); keep one")
                )
                continue
            first_seen[key] = line
            out.lines[(*path, key)] = line
            _index(value_node, (*path, key), out, file, line_of, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.lines[(*path, index)] = line_of(item.start_mark)
            _index(item, (*path, index), out, file, line_of, seen)


_KEY_KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _is_text_key(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def _non_text_key(node: yaml.Node) -> str:
    """The problem of a key that is not text (YAML reads ``1:`` as a number)."""
    if isinstance(node, yaml.ScalarNode):
        kind = _KEY_KINDS.get(node.tag, "not text")
        return (f"a non-text key ({kind}): keys are text; quote it if it is meant as "
                f"one: \"{node.value}\"")
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    return f"a non-text key ({kind}): keys are text"


def validate(model: type[M], located: Located, *, file: str, root: KeyPath = ()) -> M | None:
    """Validate ``located.value`` against ``model``; problems go to ``located.problems``.

    ``root`` prefixes the key paths (``(3,)`` for the fourth item of a list file).
    """
    value = _value_at(located.value, root)
    try:
        return model.model_validate(value)
    except ValidationError as error:
        located.problems.extend(_problems(model, error, located, file, root))
        return None
    except RecursionError:
        located.problems.append(
            Problem(file, located.line_of(root), dotted(root) or None, "the YAML refers to itself")
        )
        return None


def _value_at(value: Any, path: KeyPath) -> Any:
    for part in path:
        value = value[part]
    return value


def _problems(
    model: type[BaseModel], error: ValidationError, located: Located, file: str, root: KeyPath
) -> list[Problem]:
    by_path: dict[KeyPath, list[dict[str, Any]]] = {}
    for detail in error.errors(include_url=False):
        if detail["type"] == "invalid_key" or ("[key]" in detail["loc"] and \
                not isinstance(detail.get("input"), str)):
            continue  # a key that is not text: reported where YAML read it (``_index``)
        path = _data_path(located.value, root, detail["loc"])
        by_path.setdefault(path, []).append(dict(detail))
    problems = []
    for path, details in by_path.items():
        if details[0]["type"] == "missing":
            line = located.line_of(path[:-1])
        else:
            line = located.line_of(path)
        message = _message(model, path[len(root):], details)
        problems.append(Problem(file, line, dotted(path), message))
    return problems


def _data_path(value: Any, root: KeyPath, loc: Sequence[str | int]) -> KeyPath:
    """The path into the data of a pydantic ``loc``, without its union and key tags."""
    value = _value_at(value, root)
    path = list(root)
    for part in loc:
        if _has(value, part):
            value = value[part]
            path.append(part)
        elif isinstance(value, Mapping) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing key
            value = None
    return tuple(path)


def _has(value: Any, part: str | int) -> bool:
    if isinstance(value, Mapping):
        return part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _is_tag(part: str) -> bool:
    return part == "[key]" or "[" in part or part in {"str", "int", "bool", "date", "list", "dict"}


_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
    "date_type": "expected a date as YYYY-MM-DD",
    "date_parsing": "expected a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date as YYYY-MM-DD",
}

_PATTERNS = {
    "next": "expected a page path relative to content/, such as 'guides/some-page.md', or false",
    "related": "expected a page path relative to content/, such as 'guides/some-page.md'",
    "aliases": "expected an old page path relative to content/, such as 'guides/old-name.md'",
    "page": "expected a page path relative to content/, such as 'policies/privacy.md'",
    "checklists": "a checklist id may use only letters, digits, '-' and '_'",
    "tags": "a tag is plain text without '<' or '>'",
    "url": "expected an absolute http(s) URL, such as 'https://example.org/'",
    "id": "a lane id may use only lowercase letters, digits and '-' (it is a folder name)",
    "hide": "expected what Material can hide: navigation, toc, footer, path, tags or feedback",
    "status": "expected a status Material knows: new or deprecated",
    "subtitle": "Material prints the subtitle as HTML in the navigation of every page: "
                "expected plain text without '<' or '>'",
    "template": "expected a template file name such as 'main.html' (letters, digits, '.', "
                "'-', '_' and '/'; no '..')",
    "icon": "expected an icon of Material's set, such as 'material/book-open-variant'",
}


def _message(model: type[BaseModel], path: KeyPath, details: list[dict[str, Any]]) -> str:
    kind = details[0]["type"]
    got = details[0].get("input")
    field_name = next((p for p in reversed(path) if isinstance(p, str)), "")
    top = str(path[0]) if path else ""
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown key" + did_you_mean(str(path[-1]), _known_keys(model, path))
    refusal = next((d for d in details if d["type"] == "value_error"), None)
    if refusal is not None:  # one of our checks said why: that is the message
        return str(refusal.get("ctx", {}).get("error", refusal["msg"]))
    if len(details) > 1 or kind in ("literal_error", "string_pattern_mismatch"):
        for name in (field_name, top):
            if name in _PATTERNS:
                return f"{_PATTERNS[name]}, got {_describe(got)}"
    if kind in _EXPECTED:
        hint = ""
        if kind == "string_type" and isinstance(got, int | float | bool | dt.date):
            hint = f"; quote it if it is meant as text: \"{_yaml_scalar(got)}\""
        if kind == "list_type" and top in ("tags", "related", "aliases"):
            hint = f"; write a list, such as {top}: [{_yaml_scalar(got)}]"
        return f"{_EXPECTED[kind]}, got {_describe(got)}{hint}"
    if kind == "value_error":
        return str(details[0].get("ctx", {}).get("error", details[0]["msg"]))
    if kind == "too_short":
        return "needs at least one item"
    if kind == "string_too_long":
        return f"is too long (at most {details[0].get('ctx', {}).get('max_length')} characters)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("greater_than", "greater_than_equal"):
        bound = details[0].get("ctx", {}).get("gt", 0)
        return f"must be greater than {bound}, got {_describe(got)}"
    return str(details[0]["msg"]).lower()


def _known_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    """The keys allowed next to ``path[-1]``: walk the model along the path."""
    current: Any = model
    for part in path[:-1]:
        info = getattr(current, "model_fields", {}).get(part)
        if info is not None:  # otherwise a list index or a mapping's own key: stay
            current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return quoted(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, int | float | dt.date):
        return str(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""Reading YAML with line numbers, and turning every problem into a located ``Problem``.

PyYAML (with libyaml when available) composes the document into nodes that carry
their marks; we construct the values from those nodes and keep, for every key path,
the line where it stands. Validation errors from the schema (pydantic) then map back
to a line, a dotted key and a sentence an author understands.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
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

    A syntax error becomes one problem at the line and column of its cause; duplicate keys
    become problems too (YAML would silently keep the last one), and so does nesting
    deeper than ``DEPTH_MAX``.
    """
    loader = _Loader(text)
    line_of = _LineOf(text, first_line)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None)
        try:  # a document of mappings, lists and plain values, in one pass
            located = Located(None)
            located.value = _walk(node, (), located, line_of, loader, set())
            return located
        except _Unusual:  # aliases, merge keys, tags, keys that are not text...
            located = Located(loader.construct_document(node))
        _index(node, (), located, file, line_of, set())
        return located
    except yaml.YAMLError as error:
        return Located(None, problems=[_syntax_problem(error, file, text, line_of)])
    except _TooDeep as error:
        return Located(None, problems=[Problem(
            file, line_of(error.node.start_mark), None,
            f"not valid YAML: nested more than {DEPTH_MAX} levels deep (lists or mappings "
            "inside each other): front matter needs a few")])
    except (ValueError, OverflowError, RecursionError) as error:  # e.g. a date like 2026-13-45
        return Located(None, problems=[Problem(file, first_line, None, f"not valid YAML: {error}")])
    finally:
        loader.dispose()


#: How deep lists and mappings may nest in a YAML document (libyaml allows 1,000: deeper
#: than Python's recursion allows beside a build; 600 is far more than any front matter needs).
DEPTH_MAX = 600

_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _Unusual(Exception):
    """A document ``_walk`` leaves to PyYAML's constructor and ``_index``."""


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _walk(node: yaml.Node, path: KeyPath, out: Located, line_of: _LineOf,
          loader: yaml.SafeLoader, seen: set[int]) -> Any:
    """The value of ``node`` as PyYAML's safe constructor makes it, and the line of every
    key path below it in ``out``, in one pass over the nodes: for a document of mappings
    with text keys given once, lists and scalars, without aliases (else ``_Unusual``)."""
    if id(node) in seen:  # an alias: the constructor gives the same object each time
        raise _Unusual
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node)
    if len(path) >= DEPTH_MAX:
        raise _TooDeep(node)
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not _is_text_key(key_node) or key_node.value in mapping:
                raise _Unusual  # a problem ``_index`` tells, or ``<<``
            key = key_node.value
            out.lines[(*path, key)] = line_of(key_node.start_mark)
            mapping[key] = _walk(value_node, (*path, key), out, line_of, loader, seen)
        return mapping
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        items = []
        for index, item in enumerate(node.value):
            out.lines[(*path, index)] = line_of(item.start_mark)
            items.append(_walk(item, (*path, index), out, line_of, loader, seen))
        return items
    raise _Unusual  # a tag of its own (``!!set``, ``!!omap``, ``!custom``)


def _syntax_problem(error: yaml.YAMLError, file: str, text: str, line_of: _LineOf) -> Problem:
    """One problem for a YAML syntax error, at the line of its cause.

    libyaml reports where it gave up (often the end of the document, or a later line),
    and in ``context_mark`` where the construct it was reading opens: an unclosed quote
    or bracket is reported where it opens, in words, with the fix.
    """
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        problem = getattr(error, "problem", None) or str(error)
        return Problem(file, line_of.first_line, None, f"not valid YAML: {problem}")
    cause = _cause(error, error.problem_mark, text, line_of)
    line = line_of(cause.mark)
    hint = f"; {cause.hint}" if cause.hint else ""
    return Problem(file, line, None, f"not valid YAML: {cause.sentence} "
                                     f"(line {line}, column {cause.mark.column + 1}){hint}")


@dataclass(frozen=True)
class _Cause:
    mark: yaml.Mark
    """Where the cause stands: the opening quote or bracket, or the offending line."""
    sentence: str
    hint: str = ""


_QUOTE_HINT = {"'": "write a ' inside the text as ''", '"': 'write a " inside the text as \\"'}
_TAB_HINT = "indent with spaces, not tabs"


def _cause(error: yaml.MarkedYAMLError, problem_mark: yaml.Mark, text: str,
           line_of: _LineOf) -> _Cause:
    """The cause of a syntax error, in the order that explains the most."""
    problem, context = error.problem or "", error.context or ""
    context_mark = error.context_mark
    tab = _tab_in_indentation(text, problem_mark)
    if tab is not None:
        return _Cause(tab, "a tab in the indentation", _TAB_HINT)
    quoted_open = context == "while scanning a quoted scalar" and context_mark is not None
    # A quote that a later quote closed (an apostrophe, a quoted word) ends on the line
    # where libyaml stops, lines after it opened: that opening is the cause.
    stop = context_mark if quoted_open and context_mark is not None else problem_mark
    tokens = _tokens_before(text, stop.index)
    last = tokens[-1] if tokens else None
    if (isinstance(last, yaml.ScalarToken) and last.style in _QUOTE_HINT
            and last.start_mark.line < last.end_mark.line == stop.line):
        quote = last.style
        return _Cause(last.start_mark,
                      f"the quoted text that starts here is closed only by the {quote} on line "
                      f"{line_of(last.end_mark)}, column {last.end_mark.column}",
                      f"end it with {quote} on its first line; {_QUOTE_HINT[quote]}")
    if quoted_open and context_mark is not None:
        quote = text[context_mark.index] if context_mark.index < len(text) else '"'
        quote = quote if quote in _QUOTE_HINT else '"'
        return _Cause(context_mark, "the quoted text that starts here is never closed",
                      f"end it with {quote} where the text ends; {_QUOTE_HINT[quote]}")
    opened = _open_flow(tokens)
    if opened is not None and opened.start_mark.line < problem_mark.line:
        kind, closing = (("list", "]") if isinstance(opened, yaml.FlowSequenceStartToken)
                         else ("mapping", "}"))
        opening = "[" if closing == "]" else "{"
        return _Cause(opened.start_mark,
                      f"the {kind} that starts here with '{opening}' is never closed",
                      f"end it with '{closing}'")
    if problem.startswith("mapping values are not allowed"):
        return _colon_cause(text, problem_mark, last, line_of)
    if (isinstance(last, yaml.ScalarToken) and last.style in _QUOTE_HINT
            and last.end_mark.line == problem_mark.line):
        return _Cause(problem_mark, "text after the closing quote",
                      "put the quotes around the whole value, or write it without quotes")
    indented = _misindented(text, problem, context, context_mark, problem_mark)
    if indented is not None:
        return indented
    return _generic_cause(problem, context, context_mark, problem_mark, text, line_of)


def _tokens_before(text: str, index: int) -> list[yaml.Token]:
    """The tokens that end before ``index``, as far as the scanner gets."""
    scanner = _Loader(text)
    tokens: list[yaml.Token] = []
    try:
        while True:
            token: yaml.Token | None = scanner.get_token()  # type: ignore[no-untyped-call]
            if token is None or token.end_mark.index > index:
                break
            if not isinstance(token, yaml.StreamStartToken | yaml.StreamEndToken):
                tokens.append(token)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return tokens


def _open_flow(tokens: list[yaml.Token]) -> yaml.Token | None:
    """The innermost ``[`` or ``{`` still open after ``tokens``."""
    stack: list[yaml.Token] = []
    for token in tokens:
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            stack.append(token)
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) and stack:
            stack.pop()
    return stack[-1] if stack else None


def _line_at(text: str, mark: yaml.Mark) -> tuple[int, str]:
    """The offset where ``mark``'s line starts, and that line."""
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    return start, text[start:] if end < 0 else text[start:end]


def _tab_in_indentation(text: str, mark: yaml.Mark) -> yaml.Mark | None:
    """The mark of the first tab in the indentation of ``mark``'s line, if any."""
    start, line = _line_at(text, mark)
    indentation = line[: len(line) - len(line.lstrip(" \t-"))]
    column = indentation.find("\t")
    if column < 0:
        return None
    return yaml.Mark(mark.name, start + column, mark.line, column, None, 0)


def _colon_cause(text: str, problem_mark: yaml.Mark, last: yaml.Token | None,
                 line_of: _LineOf) -> _Cause:
    """``mapping values are not allowed``: a ': ' in a plain value, or a line indented
    under a value (it continues that value, and its ':' cannot follow)."""
    start, line = _line_at(text, problem_mark)
    if isinstance(last, yaml.ScalarToken) and last.start_mark.line < problem_mark.line:
        column = len(line) - len(line.lstrip(" "))
        mark = yaml.Mark(problem_mark.name, start + column, problem_mark.line, column,
                         None, 0)
        return _Cause(mark, f"this line is indented under the value on line "
                            f"{line_of(last.start_mark)}, so it reads as more of that value",
                      "indent it as the key it belongs with")
    value_start = (last.start_mark.index - start if isinstance(last, yaml.ScalarToken)
                   and last.start_mark.line == problem_mark.line else problem_mark.column)
    value = line[value_start:].split(" #", 1)[0].strip()
    quoted = line[:value_start].strip() + " " + json.dumps(value, ensure_ascii=False)
    return _Cause(problem_mark, "a ': ' inside a value without quotes",
                  f"a value containing ': ' must be quoted: {quoted.strip()}")


def _misindented(text: str, problem: str, context: str, context_mark: yaml.Mark | None,
                 problem_mark: yaml.Mark) -> _Cause | None:
    """A line whose indentation matches no block it could belong to."""
    if context_mark is None or not context.startswith(
            ("while parsing a block mapping", "while parsing a block collection")):
        return None
    start, line = _line_at(text, problem_mark)
    column = len(line) - len(line.lstrip(" "))
    if column == context_mark.column or column != problem_mark.column:
        return None
    mark = yaml.Mark(problem_mark.name, start + column, problem_mark.line, column, None, 0)
    spaces = f"{column} space{'' if column == 1 else 's'}"
    return _Cause(mark, f"this line is indented {spaces}, which lines it up with no key or "
                        "item above it",
                  "indent it exactly as the keys (or '- ' items) it belongs with")


_CONTEXTS = {
    "while parsing a block mapping": "the keys that start",
    "while parsing a block collection": "the list that starts",
    "while parsing a flow sequence": "the list that starts",
    "while parsing a flow mapping": "the mapping that starts",
    "while parsing a flow node": "the value that starts",
    "while parsing a block node": "the value that starts",
    "while scanning a simple key": "the key that starts",
    "while scanning a block scalar": "the block of text that starts",
    "while scanning a plain scalar": "the text that starts",
    "while scanning an anchor": "the anchor that starts",
    "while scanning an alias": "the alias that starts",
    "while scanning a tag": "the tag that starts",
    "while parsing a quoted scalar": "the quoted text that starts",
}

_PROBLEMS = {
    "did not find expected key": "expected a key here",
    "did not find expected '-' indicator": "expected a list item ('- ') here",
    "did not find expected node content": "expected a value here",
    "could not find expected ':'": "expected ':' after the key",
    "but found another document": "a second document starts here",
    "found unknown escape character": "an unknown escape ('\\') in double-quoted text",
    "found undefined alias": "a value starting with '*' refers to an anchor that is not defined",
    "did not find expected alphabetic or numeric character":
        "'&' and '*' start an anchor or an alias, and need a name after them",
}


def _generic_cause(problem: str, context: str, context_mark: yaml.Mark | None,
                   problem_mark: yaml.Mark, text: str, line_of: _LineOf) -> _Cause:
    """libyaml's own problem, in words, with the place of its context."""
    hint = ""
    if problem == "could not find expected ':'" and context_mark is not None:
        return _Cause(context_mark, "this line is neither 'key: value' nor indented under "
                                    "the value above it",
                      "add ': ' after the key, or indent the line as more of the value above")
    if problem == "but found another document":
        return _Cause(problem_mark, "a second YAML document starts here",
                      "a file holds one: remove this '---' line")
    if problem.startswith("could not determine a constructor for the tag"):
        return _Cause(problem_mark, "a value starting with '!' is a YAML tag, and this one "
                                    "is unknown", "put the value in quotes if the '!' is text")
    if problem == "found character that cannot start any token":
        character = text[problem_mark.index] if problem_mark.index < len(text) else ""
        sentence = f"a value cannot start with {character!r}"
        hint = "put the value in quotes"
    elif problem == "found unknown escape character":
        sentence = _PROBLEMS[problem]
        hint = "write a backslash as \\\\, or put the text in single quotes"
    elif problem in ("found undefined alias",
                     "did not find expected alphabetic or numeric character"):
        sentence = _PROBLEMS[problem]
        hint = "put the value in quotes if it is text"
    else:
        sentence = _PROBLEMS.get(problem, problem)
    where = _CONTEXTS.get(context)
    if where and context_mark is not None and (context_mark.line, context_mark.column) != (
            problem_mark.line, problem_mark.column):
        sentence += f", in {where} on line {line_of(context_mark)}, column " \
                    f"{context_mark.column + 1}"
    return _Cause(problem_mark, sentence, hint)


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
    if len(path) >= DEPTH_MAX and isinstance(node, yaml.CollectionNode):
        raise _TooDeep(node)
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
    if kind == "too_long":
        context = details[0].get("ctx", {})
        limit, actual = context.get("max_length"), context.get("actual_length")
        if not isinstance(limit, int) or not isinstance(actual, int):
            return f"is too long (at most {limit})"
        if isinstance(got, str):
            return (f"is {actual:,} characters long, over the limit of {limit:,} "
                    "(AUTHORING.md, Limits): shorten it")
        return (f"has {actual:,} items, over the limit of {limit:,} (AUTHORING.md, "
                "Limits): keep the ones that matter most")
    if kind == "too_short":
        return "needs at least one item"
    if kind == "string_too_long" and isinstance(got, str):
        limit = details[0].get("ctx", {}).get("max_length")
        return (f"is {len(got.strip()):,} characters long, over the limit of {limit:,} "
                "(AUTHORING.md, Limits): shorten it")
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

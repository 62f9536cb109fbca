"""Rewrite copier's Jinja into cookiecutter's, on Jinja's own tokens and syntax tree.

A template is lexed with Jinja's lexer (every token gets its offset in the source), and
parsed twice: once as written, once with each name that could be an answer replaced by a
unique marker. The marked tree says which tokens really are answer references (a `Name`
read in the template), and which are something else that merely looks alike (an
attribute, a keyword argument, a block name, text in a string or a `{% raw %}` block).
Only the reference tokens are replaced, in the original text, so everything else
(whitespace control, comments, quoting) stays byte for byte.

What has no cookiecutter equivalent is refused with the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from jinja2 import Environment, TemplateSyntaxError, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS

from generator.export.filters import COPIER_FILTERS

COPIER_ONLY = frozenset({"_copier_answers", "_copier_python", "_copier_phase", "_folder_name"})
"""copier's render context that means nothing to cookiecutter: refused wherever used."""

JINJA_NAMES = frozenset(DEFAULT_NAMESPACE) | {
    "loop",
    "self",
    "super",
    "caller",
    "varargs",
    "kwargs",
}
"""Names that Jinja itself defines in both environments."""

KNOWN_FILTERS = frozenset(DEFAULT_FILTERS) | frozenset(COPIER_FILTERS)
KNOWN_TESTS = frozenset(DEFAULT_TESTS)
RESERVED = "cookiecutter"
_MARKER = re.compile(r"__takehome_(\d+)__")


class UntranslatableError(ValueError):
    """A construct the exporter cannot carry over to cookiecutter, with where it is."""

    def __init__(self, location: str, message: str) -> None:
        self.location = location
        self.reason = message
        super().__init__(f"{location}: {message}")


@dataclass(frozen=True)
class Origin:
    """Where a piece of Jinja comes from: a file, and the file line of its first line."""

    path: str
    first_line: int = 1

    def at(self, line: int) -> str:
        return f"{self.path}:{self.first_line + max(line, 1) - 1}"


@dataclass(frozen=True)
class Namespace:
    """How copier's render context maps onto cookiecutter's."""

    answers: Mapping[str, str]
    """question -> the expression that reads its answer, e.g. `cookiecutter.ci`."""
    constants: Mapping[str, str] = field(default_factory=dict)
    """copier variable -> a Jinja literal with the same value, e.g. `'copy'`."""
    attributes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """copier object -> attribute -> a Jinja literal, e.g. `_copier_conf.answers_file`."""

    @property
    def candidates(self) -> frozenset[str]:
        return (
            frozenset(self.answers)
            | frozenset(self.constants)
            | frozenset(self.attributes)
            | COPIER_ONLY
            | {RESERVED}
        )


@dataclass(frozen=True)
class TemplateRef:
    """An include, extends or import: a fixed name, or the fixed prefix of a computed one."""

    line: int
    name: str
    exact: bool


@dataclass
class Translation:
    """The rewritten text and what the template reads, defines and loads."""

    text: str
    answers: set[str] = field(default_factory=set)
    free_names: dict[str, int] = field(default_factory=dict)
    bound_names: set[str] = field(default_factory=set)
    refs: list[TemplateRef] = field(default_factory=list)


@dataclass(frozen=True)
class _Token:
    offset: int
    line: int
    kind: str
    value: str

    @property
    def end(self) -> int:
        return self.offset + len(self.value)


def analysis_environment() -> Environment:
    """Jinja with copier's defaults, used only to lex and parse (never to render)."""
    return Environment(keep_trailing_newline=True, autoescape=False)  # noqa: S701


def translate(
    source: str, origin: Origin, namespace: Namespace, *, loads_templates: bool = True
) -> Translation:
    """Rewrite every answer reference in `source` for cookiecutter, or refuse."""
    env = analysis_environment()
    tokens = _tokens(env, source, origin)
    marked = _marked_source(source, tokens, namespace.candidates)
    try:
        marked_tree = env.parse(marked)
        plain_tree = env.parse(source)
    except TemplateSyntaxError as error:
        raise UntranslatableError(
            origin.at(error.lineno), f"not valid Jinja: {error.message}"
        ) from None
    walker = _Walker(source, tokens, origin, namespace, loads_templates)
    walker.visit(marked_tree, plain_tree, None)
    return Translation(
        text=_apply(source, tokens, walker.edits),
        answers=walker.answers,
        free_names=walker.free_names,
        bound_names=walker.bound_names,
        refs=walker.refs,
    )


def _tokens(env: Environment, source: str, origin: Origin) -> list[_Token]:
    """Every lexer token with its offset; only whitespace the lexer strips is skipped."""
    tokens: list[_Token] = []
    cursor = 0
    try:
        for line, kind, value in env.lexer.tokeniter(source, origin.path):
            offset = source.find(value, cursor)
            if offset < 0 or source[cursor:offset].strip():
                raise UntranslatableError(origin.at(line), "the lexer lost its place here")
            tokens.append(_Token(offset, line, kind, value))
            cursor = offset + len(value)
    except TemplateSyntaxError as error:
        raise UntranslatableError(
            origin.at(error.lineno), f"not valid Jinja: {error.message}"
        ) from None
    return tokens


def _marked_source(source: str, tokens: list[_Token], candidates: frozenset[str]) -> str:
    """The source with each candidate name token replaced by a marker holding its index.

    Block names are left alone: they are never references, and `{% endblock name %}`
    must repeat the name exactly.
    """
    parts: list[str] = []
    cursor = 0
    previous = ""
    for index, token in enumerate(tokens):
        if token.kind == "whitespace":
            continue
        if (
            token.kind == "name"
            and token.value in candidates
            and previous not in {"block", "endblock"}
        ):
            parts += [source[cursor : token.offset], f"__takehome_{index}__"]
            cursor = token.end
        previous = token.value
    parts.append(source[cursor:])
    return "".join(parts)


def _apply(source: str, tokens: list[_Token], edits: dict[int, tuple[int, str]]) -> str:
    parts: list[str] = []
    cursor = 0
    for first in sorted(edits):
        last, replacement = edits[first]
        parts += [source[cursor : tokens[first].offset], replacement]
        cursor = tokens[last].end
    parts.append(source[cursor:])
    return "".join(parts)


class _Walker:
    def __init__(
        self,
        source: str,
        tokens: list[_Token],
        origin: Origin,
        namespace: Namespace,
        loads_templates: bool,
    ) -> None:
        self.source = source
        self.tokens = tokens
        self.origin = origin
        self.ns = namespace
        self.loads_templates = loads_templates
        self.edits: dict[int, tuple[int, str]] = {}
        self.answers: set[str] = set()
        self.free_names: dict[str, int] = {}
        self.bound_names: set[str] = set()
        self.refs: list[TemplateRef] = []

    def refuse(self, node: nodes.Node, message: str) -> UntranslatableError:
        return UntranslatableError(self.origin.at(node.lineno), message)

    def marker(self, text: str) -> int | None:
        match = _MARKER.fullmatch(text)
        return int(match[1]) if match else None

    def visit(self, marked: nodes.Node, plain: nodes.Node, parent: nodes.Node | None) -> None:
        handler = getattr(self, f"visit_{type(marked).__name__}", None)
        if handler is not None:
            handler(marked, plain, parent)
        for child_marked, child_plain in zip(
            marked.iter_child_nodes(), plain.iter_child_nodes(), strict=True
        ):
            self.visit(child_marked, child_plain, marked)

    def visit_Name(self, marked: nodes.Name, plain: nodes.Name, parent: nodes.Node | None) -> None:
        index = self.marker(marked.name)
        if marked.ctx != "load":
            if index is not None:
                raise self.refuse(
                    marked, f"`{plain.name}` is a question or a copier variable: do not redefine it"
                )
            self.bound_names.add(plain.name)
            return
        if index is None:
            self.free_names.setdefault(plain.name, marked.lineno)
            return
        name = plain.name
        if name in self.ns.answers:
            self.answers.add(name)
            self.edits[index] = (index, self.ns.answers[name])
        elif name in self.ns.constants:
            self.edits[index] = (index, self.ns.constants[name])
        elif name in self.ns.attributes:
            self._attribute(marked, plain, parent, index)
        elif name == RESERVED:
            raise self.refuse(marked, "`cookiecutter` is cookiecutter's own namespace: rename it")
        else:
            raise self.refuse(
                marked, f"`{name}` is copier's own and has no cookiecutter equivalent"
            )

    def _attribute(
        self, marked: nodes.Name, plain: nodes.Name, parent: nodes.Node | None, index: int
    ) -> None:
        known = self.ns.attributes[plain.name]
        if not (isinstance(parent, nodes.Getattr) and parent.node is marked):
            raise self.refuse(
                marked, f"`{plain.name}` is only translatable as `{plain.name}.<attribute>`"
            )
        attr = self._original_name(parent.attr)
        if attr not in known:
            raise self.refuse(
                marked, f"`{plain.name}.{attr}` is copier's own and has no cookiecutter equivalent"
            )
        last = self._next_significant(self._next_significant(index))
        self.edits[index] = (last, known[attr])

    def _original_name(self, text: str) -> str:
        index = self.marker(text)
        return self.tokens[index].value if index is not None else text

    def _next_significant(self, index: int) -> int:
        index += 1
        while self.tokens[index].kind == "whitespace":
            index += 1
        return index

    def visit_Macro(self, marked: nodes.Macro, plain: nodes.Macro, parent: object) -> None:
        self._bind(marked, marked.name, plain.name)

    def visit_Import(self, marked: nodes.Import, plain: nodes.Import, parent: object) -> None:
        self._bind(marked, marked.target, plain.target)
        self._template_ref(marked, plain.template)

    def visit_FromImport(
        self, marked: nodes.FromImport, plain: nodes.FromImport, parent: object
    ) -> None:
        for marked_name, plain_name in zip(marked.names, plain.names, strict=True):
            if isinstance(plain_name, tuple):
                self._bind(marked, marked_name[1], plain_name[1])
            else:
                self._bind(marked, str(marked_name), plain_name)
        self._template_ref(marked, plain.template)

    def visit_Include(self, marked: nodes.Include, plain: nodes.Include, parent: object) -> None:
        self._template_ref(marked, plain.template)

    def visit_Extends(self, marked: nodes.Extends, plain: nodes.Extends, parent: object) -> None:
        self._template_ref(marked, plain.template)

    def visit_Filter(self, marked: nodes.Filter, plain: nodes.Filter, parent: object) -> None:
        if plain.name not in KNOWN_FILTERS:
            raise self.refuse(
                marked, f"the filter `{plain.name}` is not available to cookiecutter in the export"
            )

    def visit_Test(self, marked: nodes.Test, plain: nodes.Test, parent: object) -> None:
        if plain.name not in KNOWN_TESTS:
            raise self.refuse(
                marked, f"the test `{plain.name}` is not available to cookiecutter in the export"
            )

    def _bind(self, node: nodes.Node, marked_name: str, plain_name: str) -> None:
        if self.marker(marked_name) is not None:
            raise self.refuse(
                node, f"`{plain_name}` is a question or a copier variable: do not redefine it"
            )
        self.bound_names.add(plain_name)

    def _template_ref(self, node: nodes.Node, expression: nodes.Expr) -> None:
        if not self.loads_templates:
            raise self.refuse(node, "loading another template is not possible here")
        if isinstance(expression, nodes.Const) and isinstance(expression.value, str):
            self.refs.append(TemplateRef(node.lineno, expression.value, exact=True))
            return
        prefix = _leading_constant(expression)
        if not prefix or "/" not in prefix:
            raise self.refuse(
                node,
                "a computed template name must start with a fixed folder, "
                'e.g. "templates/_partials/licenses/" ~ license',
            )
        self.refs.append(TemplateRef(node.lineno, prefix[: prefix.rindex("/") + 1], exact=False))


def _leading_constant(expression: nodes.Expr) -> str | None:
    """The fixed string a computed template name starts with, if there is one."""
    while isinstance(expression, nodes.Concat | nodes.Add):
        expression = (
            expression.nodes[0] if isinstance(expression, nodes.Concat) else expression.left
        )
    if isinstance(expression, nodes.Const) and isinstance(expression.value, str):
        return expression.value
    return None

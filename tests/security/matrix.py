"""The generator behind tests/security/test_matrix.py: routes, what their parameters name, sample
objects, and the expected outcome of each call.

Nothing here is a hand list of routes or of parameter → model pairs:

* **Routes** come from Django's URL resolver (every page, `admin/` and `api/` excepted) and from
  the OpenAPI document the Ninja API publishes (every operation, with its path and query parameters
  and its request body schema).
* **What a parameter names** is observed, not guessed: each route is called once by a superuser
  with a distinct sentinel number in each id parameter while every `get_*_for` scoped lookup of the
  project is wrapped; the lookup that receives the sentinel is the parameter's lookup, and its
  return annotation is the model. A parameter no lookup receives (a group inside a consultation, a
  build inside a volume) is found in the SQL the request runs (`FROM "table" … "column" = sentinel`)
  and sampled among the rows that belong to the objects named before it.
* **Values of text parameters** (`<slug:action>`, `<str:fmt>`) are the constants the view compares
  them with (`action == "khoa"`, `fmt not in SHEET_TYPES`, `do_<action>` handlers), read from the
  view's source.
* **Expected outcomes** come from the same lookups (`get_*_for(user, id)`: found, `NotFound` → 404,
  `NotAllowed` → 403) and from the rules predicates for content (`can_edit_paper`,
  `can_view_rollup`, `members_for` for private contact data).
"""

from __future__ import annotations

import ast
import enum
import functools
import inspect
import itertools
import re
import sys
import textwrap
import typing
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from chuyende.api.api import api
from chuyende.common.errors import NotAllowed, NotFound

SENTINEL_BASE = 987_600_000


@dataclass
class Param:
    name: str
    where: str  # "path" or "query"
    kind: str  # "int" or "str"
    values: list[str] = field(default_factory=list)  # text parameters: the view's own constants
    lookup: typing.Callable | None = None  # the scoped get_*_for that receives it
    model: type | None = None
    column: str = "id"  # when found in SQL rather than through a lookup
    required: bool = True
    owners: list[tuple[str, typing.Callable]] = field(default_factory=list)  # (FK column, lookup)


@dataclass
class Route:
    api: bool
    name: str
    template: str  # "/tham-luan/{pk}/sua/", "/api/papers/{paper_id}"
    methods: list[str]
    params: list[Param]
    view: typing.Callable | None = None
    bodies: dict[str, tuple[str, typing.Any]] = field(default_factory=dict)
    extra_query: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return ("API " if self.api else "") + self.template

    def url(self, values: dict[str, str]) -> str:
        path = self.template
        query = dict(self.extra_query)
        for param in self.params:
            if param.name not in values:
                continue
            if param.where == "path":
                path = path.replace("{%s}" % param.name, str(values[param.name]))
            else:
                query[param.name] = str(values[param.name])
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return path


# --- routes from the URL resolver -----------------------------------------------------------------


def web_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                route = str(entry.pattern)
                if route.startswith(("api/", "admin/")):
                    continue
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                converters = entry.pattern.converters
                template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
                view_class = getattr(entry.callback, "view_class", None)
                methods = (
                    [m for m in ("get", "post") if hasattr(view_class, m)]
                    if view_class is not None
                    else ["get", "post"]
                )
                params = []
                for name, converter in converters.items():
                    kind = "int" if isinstance(converter, IntConverter) else "str"
                    values = text_values(view_class or entry.callback, name) if kind == "str" else []
                    params.append(Param(name, "path", kind, values))
                routes.append(
                    Route(False, entry.name or template, template, [m.upper() for m in methods], params,
                          view=view_class or entry.callback)
                )  # fmt: skip

    walk(get_resolver().url_patterns)
    return routes


def text_values(view, name: str) -> list[str]:
    """The string constants a view compares its text parameter with."""
    found: list[str] = []
    classes = [c for c in getattr(view, "__mro__", [view]) if c.__module__.startswith("chuyende.")]
    for cls in classes:
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        except (OSError, TypeError):
            continue
        namespace = vars(sys.modules[cls.__module__])
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == name:
                for comparator in node.comparators:
                    if isinstance(comparator, ast.Constant) and isinstance(comparator.value, str):
                        found.append(comparator.value)
                    elif isinstance(comparator, ast.Attribute | ast.Name):
                        try:
                            container = eval(compile(ast.Expression(comparator), "<view>", "eval"), namespace)
                        except Exception:  # noqa: BLE001 - a name bound at run time, not a constant
                            continue
                        if isinstance(container, str):
                            found.append(container)
                        elif isinstance(container, dict) or hasattr(container, "__iter__"):
                            found += [str(v) for v in container if isinstance(v, str)]
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and v.value == "do_" for v in node.values
            ):
                found += [m[3:].replace("_", "-") for m in dir(cls) if m.startswith("do_")]
        # `fmt not in self.types` on a class attribute
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Name)
                and node.left.id == name
                and any(
                    isinstance(c, ast.Attribute) and isinstance(c.value, ast.Name) and c.value.id == "self"
                    for c in node.comparators
                )
            ):
                for c in node.comparators:
                    container = getattr(cls, getattr(c, "attr", ""), None)
                    if isinstance(container, dict):
                        found += [k for k in container if isinstance(k, str)]
    return sorted(set(found)) or ["x"]


# --- routes from the OpenAPI document -------------------------------------------------------------


def _api_views() -> dict[tuple[str, str], typing.Callable]:
    views = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/api/" + "/".join(p.strip("/") for p in (prefix, path) if p.strip("/"))
            for operation in path_view.operations:
                for method in operation.methods:
                    views[(method.upper(), re.sub(r"{(?:\w+:)?(\w+)}", r"{\1}", full).rstrip("/"))] = (
                        operation.view_func
                    )
    return views


def _type(schema: dict, spec: dict) -> str:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    types = {s.get("type") for s in schema.get("anyOf", [schema])}
    return "int" if "integer" in types else "str"


def example(schema: dict, spec: dict):
    """The smallest value the schema accepts: required fields only."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), schema["anyOf"][0])
    if "allOf" in schema:
        schema = schema["allOf"][0]
        return example(schema, spec)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = schema.get("required", [])
        return {n: example(s, spec) for n, s in schema.get("properties", {}).items() if n in required}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2016-12-01"
    if schema.get("format") == "date-time":
        return "2016-12-01T08:00:00+07:00"
    return "x" * max(1, schema.get("minLength", 1))


def api_text_values(view, name: str) -> list[str]:
    """An enumeration in the endpoint's signature gives the values; else the view's constants."""
    annotation = typing.get_type_hints(view).get(name)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return text_values(view, name)


def _is_id(name: str, kind: str) -> bool:
    return kind == "int" and (name.endswith("_id") or name in {"organization", "old", "new"})


def api_routes(spec: dict) -> list[Route]:
    import json

    views = _api_views()
    routes: dict[str, Route] = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            method = method.upper()
            params, extra = [], {}
            for p in operation.get("parameters", []):
                kind = _type(p.get("schema", {}), spec)
                if p["in"] == "path":
                    view = views.get((method, path.rstrip("/")))
                    values = api_text_values(view, p["name"]) if kind == "str" and view else []
                    params.append(Param(p["name"], "path", kind, values))
                elif _is_id(p["name"], kind):
                    params.append(Param(p["name"], "query", kind, required=p.get("required", False)))
                elif p.get("required"):
                    value = example(p["schema"], spec)
                    extra[p["name"]] = "2016" if p["name"] == "year" else str(value).lower()
            route = routes.setdefault(
                path,
                Route(True, operation.get("operationId", path), path, [], params,
                      view=views.get((method, path.rstrip("/"))), extra_query=extra),
            )  # fmt: skip
            for param in params:  # a query id another method of the same path has
                if all(param.name != p.name for p in route.params):
                    route.params.append(param)
            route.extra_query.update(extra)
            route.methods.append(method)
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                body = json.dumps(example(content["application/json"]["schema"], spec))
                route.bodies[method] = ("json", body)
            elif "multipart/form-data" in content or "application/x-www-form-urlencoded" in content:
                schema = next(iter(content.values()))["schema"]
                fields = {n: ("file" if s.get("format") == "binary" else example(s, spec))
                          for n, s in schema.get("properties", {}).items()}  # fmt: skip
                route.bodies[method] = ("multipart", fields)
    return list(routes.values())


# --- tracing what a parameter names ---------------------------------------------------------------


class Tracer:
    """Wraps every scoped `get_*_for` lookup wherever it is bound, and watches the SQL."""

    def __init__(self):
        self.lookups: list[tuple[typing.Callable, tuple, dict]] = []
        self.queries: list[tuple[str, tuple]] = []
        self.recording = False
        self.originals: dict[typing.Callable, typing.Callable] = {}
        self._patched: list[tuple[object, str, object]] = []

    def install(self):
        modules = [m for n, m in list(sys.modules.items()) if n.startswith("chuyende.") and m is not None]
        for module in modules:
            if not module.__name__.endswith((".access", ".rules")):
                continue
            for attr, value in list(vars(module).items()):
                if (
                    inspect.isfunction(value)
                    and re.fullmatch(r"get_\w+_for", attr)
                    and value.__module__ == module.__name__
                ):
                    self.originals[value] = value
        wrappers = {fn: self._wrap(fn) for fn in self.originals}
        for module in modules:
            for attr, value in list(vars(module).items()):
                if inspect.isfunction(value) and value in wrappers:
                    self._patched.append((module, attr, value))
                    setattr(module, attr, wrappers[value])

    def uninstall(self):
        for module, attr, value in reversed(self._patched):
            setattr(module, attr, value)

    def _wrap(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if self.recording:
                self.lookups.append((fn, args[1:], kwargs))
            return fn(*args, **kwargs)

        return wrapper

    def _sql(self, execute, sql, params, many, context):
        if self.recording:
            self.queries.append((sql, tuple(params or ()) if not many else ()))
        return execute(sql, params, many, context)

    def call(self, client, method, url, body=None):
        self.lookups, self.queries, self.recording = [], [], True
        try:
            with connection.execute_wrapper(self._sql):
                return request(client, method, url, body)
        finally:
            self.recording = False

    def lookup_of(self, sentinel) -> typing.Callable | None:
        for fn, args, kwargs in self.lookups:
            if any(str(v) == str(sentinel) for v in list(args) + list(kwargs.values())):
                return fn
        return None

    def column_of(self, sentinel) -> tuple[type, str] | None:
        tables = {m._meta.db_table: m for m in apps.get_models()}
        for sql, params in self.queries:
            for index, value in enumerate(params):
                if str(value) != str(sentinel):
                    continue
                before = "%s".join(sql.split("%s")[: index + 1])
                match = re.search(r'"(\w+)"\."(\w+)"\s*(?:=|IN \((?:%s,\s*)*)\s*$', before)
                if match and match.group(1) in tables:
                    return tables[match.group(1)], match.group(2)
        return None


def request(client, method, url, body=None):
    """One request with the route's body: JSON from the schema, or a form with a small file."""
    kwargs: dict = {}
    if body is not None:
        kind, payload = body
        if kind == "json":
            kwargs = {"data": payload, "content_type": "application/json"}
        else:
            kwargs = {"data": {n: SimpleUploadedFile("tep.docx", b"PK\x03\x04 not a document") if v == "file"
                               else v for n, v in payload.items()}}  # fmt: skip
    return getattr(client, method.lower())(url, **kwargs)


def model_of(lookup) -> type | None:
    hints = typing.get_type_hints(lookup)
    model = hints.get("return")
    if isinstance(model, type) and hasattr(model, "_meta"):
        return model
    return None


def resolve(routes: list[Route], client, tracer: Tracer) -> list[str]:
    """Fills each id parameter's lookup/model by calling the route with sentinels, one parameter at
    a time (the parameters before it get a real object, so the view reaches the next lookup)."""
    unresolved = []
    for route in routes:
        method = "GET" if "GET" in route.methods else route.methods[0]
        texts = [p for p in route.params if p.kind == "str"]
        choices = [dict(zip([p.name for p in texts], combo, strict=True))
                   for combo in itertools.islice(itertools.product(*[p.values for p in texts]), 8)]  # fmt: skip
        known: dict[str, str] = {}
        for number, param in enumerate(route.params):
            if param.kind != "int":
                continue
            sentinel = SENTINEL_BASE + number
            for choice in choices:
                values = {**known, **choice}
                for later in route.params[number:]:
                    if later.kind == "int":
                        values[later.name] = str(SENTINEL_BASE + route.params.index(later))
                tracer.call(client, method, route.url(values), route.bodies.get(method))
                param.lookup = tracer.lookup_of(sentinel)
                if param.lookup is not None:
                    param.model = model_of(param.lookup)
                else:
                    found = tracer.column_of(sentinel)
                    if found is not None:
                        param.model, param.column = found
                if param.model is not None:
                    break
            if param.model is None:
                unresolved.append(f"{method} {route.label}: {param.name}")
                known[param.name] = str(sentinel)
                continue
            first = candidates(param, route, known, 1)
            known[param.name] = first[0] if first else str(sentinel)
    _find_owners(routes)
    return unresolved


def _find_owners(routes: list[Route]) -> None:
    """A path parameter no scoped lookup receives (an import, a build, a run) is owned by the
    objects its model points to that have one: those decide whether the user may see it."""
    lookups: dict = {}
    for route in routes:
        for param in route.params:
            if param.lookup is not None and param.model is not None:
                # the model's plain lookup (get_consultation_for, not get_office_consultation_for)
                lookups[param.model] = min(lookups.get(param.model, param.lookup), param.lookup,
                                           key=lambda fn: len(fn.__name__))  # fmt: skip
    for route in routes:
        for param in route.params:
            if param.lookup is not None or param.model is None or param.where != "path":
                continue
            param.owners = [
                (f.attname, lookups[f.related_model])
                for f in param.model._meta.get_fields()
                if getattr(f, "many_to_one", False) and f.concrete and f.related_model in lookups
                and f.related_model is not param.model
            ]  # fmt: skip


def candidates(param: Param, route: Route, chosen: dict[str, str], per_model: int) -> list[str]:
    """Values of `param` to try: objects of its model, those belonging to the objects named by the
    parameters before it when the model points to them."""
    model = param.model
    assert model is not None
    queryset = model._default_manager.all()
    for other in route.params:
        if other is param:
            break
        if other.model is None or other.name not in chosen:
            continue
        for f in model._meta.get_fields():
            if getattr(f, "many_to_one", False) and f.related_model is other.model and f.concrete:
                queryset = queryset.filter(**{f.attname: chosen[other.name]})
                break
    attname = _attname(param)
    values = list(queryset.order_by("pk").values_list(attname, flat=True).distinct())
    if len(values) > per_model:
        step = (len(values) - 1) / (per_model - 1) if per_model > 1 else 0
        values = [values[round(i * step)] for i in range(per_model)]
    return [str(v) for v in values]


def visibility(user, route: Route, values: dict[str, str]) -> str:
    """ "visible", "refused" (the lookup says NotAllowed: 403) or "hidden" (NotFound: 404), from the
    route's own scoped lookups."""
    outcome = "visible"
    for param in route.params:
        if param.name not in values:
            continue
        checks = []
        if param.lookup is not None:
            checks.append((param.lookup, values[param.name]))
        elif param.owners:
            row = (
                param.model._default_manager.filter(**{_attname(param): values[param.name]})
                .values(*[name for name, _ in param.owners])
                .first()
            )
            checks += [(lookup, row[name]) for name, lookup in param.owners if row and row[name] is not None]
        for lookup, value in checks:
            try:
                lookup(user, value)
            except NotFound:
                return "hidden"
            except NotAllowed:
                outcome = "refused"
    return outcome


def _attname(param: Param) -> str:
    assert param.model is not None
    return "pk" if param.column in ("id", param.model._meta.pk.column) else param.column

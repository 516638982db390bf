"""A mypy plugin that makes mypy read Reflex states the way Reflex's own annotations (written for pyright)
describe them. Nothing here runs with the portal; mypy loads it from pyproject.toml.

Two things mypy gets wrong without it:

- `@rx.event` is the class `EventNamespace`, whose `__new__` is annotated to return an `EventCallback`; inside
  that class `EventCallback` is also a class attribute, which mypy cannot take for a type, so a decorated
  handler came out as an `EventNamespace` ("not callable"). The plugin makes `rx.event(handler)` the
  `EventCallback` of the handler's parameters, as the annotation means.
- A state field declared `name: str = ""` is a `Var` when read on the class (`SomeState.name` in a page),
  which Reflex expresses with `rx.Field[str]` and `Field.__get__`. The plugin types such a read as
  `Field[str].__get__(None, SomeState)` would (or, where mypy cannot solve those overloads, as a computed var
  of that type reads), so a page sees a `StringVar`, and a handler reading `self.name` still sees a `str`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from mypy.checker import TypeChecker
from mypy.nodes import ARG_OPT, ARG_POS, Expression, TempNode, TypeInfo, Var
from mypy.plugin import AttributeContext, FunctionContext, Plugin
from mypy.types import (
    CallableType,
    Instance,
    NoneType,
    TupleType,
    Type,
    TypeType,
    TypeVarTupleType,
    UnboundType,
    UninhabitedType,
    UnionType,
    UnpackType,
    get_proper_type,
)

BASE_STATE = "reflex.state.BaseState"
FIELD = "reflex_base.vars.base.Field"
COMPUTED_VAR = "reflex_base.vars.base.ComputedVar"
EVENT_CALLBACK = "reflex_base.event.EventCallback"
REFLEX_PACKAGES = ("reflex.", "reflex_base.")


def _event_callback(ctx: FunctionContext, plugin: ReflexPlugin) -> Type:
    """The call `rx.event(handler)` or `rx.event(**options)`, typed as `EventNamespace.__new__` says.

    mypy reads `EventCallback` in that signature as the class attribute `EventNamespace.EventCallback`, which
    it cannot take for a type, so the plugin puts the class itself back: `rx.event(handler)` is an
    `EventCallback` of the handler's parameters after `self`, and `rx.event(**options)` a decorator making one.
    """
    symbol = plugin.lookup_fully_qualified(EVENT_CALLBACK)
    if symbol is None or not isinstance(symbol.node, TypeInfo):
        return ctx.default_return_type
    callback = symbol.node
    handler = get_proper_type(ctx.arg_types[0][0]) if ctx.arg_types and ctx.arg_types[0] else None
    if handler is not None:
        if not isinstance(handler, CallableType) or not handler.arg_kinds or handler.arg_kinds[0] != ARG_POS:
            return ctx.default_return_type
        parameters = list(zip(handler.arg_kinds[1:], handler.arg_types[1:], strict=True))
        if any(kind not in (ARG_POS, ARG_OPT) for kind, _ in parameters):
            return ctx.default_return_type
        return Instance(callback, [parameter for _, parameter in parameters])
    decorator = get_proper_type(ctx.default_return_type)
    if not isinstance(decorator, CallableType) or not isinstance(decorator.ret_type, UnboundType):
        return ctx.default_return_type
    variadic = [variable for variable in decorator.variables if isinstance(variable, TypeVarTupleType)]
    if len(variadic) != 1:
        return ctx.default_return_type
    return decorator.copy_modified(ret_type=Instance(callback, [UnpackType(variadic[0])]))


def _has_never(type_: Type) -> bool:
    """Whether Never appears in the type or its arguments (mypy's compiled type visitors cannot be subclassed
    by an interpreted plugin)."""
    proper = get_proper_type(type_)
    if isinstance(proper, UninhabitedType):
        return True
    if isinstance(proper, Instance):
        return any(_has_never(arg) for arg in proper.args)
    if isinstance(proper, UnionType | TupleType):
        return any(_has_never(item) for item in proper.items)
    return False


def _read_on_class(ctx: AttributeContext, owner: TypeInfo, plugin: ReflexPlugin, descriptor: str) -> Type | None:
    """What `descriptor[T].__get__(None, owner)` returns for the field's declared type T; None when mypy finds
    no overload, or solves one with Never (it does for a `self` that is a union, such as the `Field[list[V]]
    | Field[set[V]]` of lists)."""
    symbol = plugin.lookup_fully_qualified(descriptor)
    if symbol is None or not isinstance(symbol.node, TypeInfo) or not isinstance(ctx.api, TypeChecker):
        return None
    args: list[Expression] = [TempNode(NoneType()), TempNode(TypeType(Instance(owner, [])))]
    with ctx.api.msg.filter_errors() as errors:
        read, _ = ctx.api.expr_checker.check_method_call_by_name(
            "__get__", Instance(symbol.node, [ctx.default_attr_type]), args, [ARG_POS, ARG_POS], ctx.context
        )
    return None if errors.has_new_errors() or _has_never(read) else read


def _field_on_class(ctx: AttributeContext, owner: TypeInfo, plugin: ReflexPlugin) -> Type:
    """`SomeState.name` for a field declared `name: T`: what `Field[T].__get__(None, SomeState)` returns, or
    where mypy cannot solve that, what a computed var of type T gives (`ComputedVar[T].__get__`), whose
    overloads mypy reads well."""
    if ctx.is_lvalue:
        return ctx.default_attr_type
    declared = get_proper_type(ctx.default_attr_type)
    if isinstance(declared, Instance) and declared.type.has_base(FIELD):
        return ctx.default_attr_type
    return (
        _read_on_class(ctx, owner, plugin, FIELD)
        or _read_on_class(ctx, owner, plugin, COMPUTED_VAR)
        or ctx.default_attr_type
    )


class ReflexPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        if fullname.endswith(".EventNamespace") and fullname.startswith(REFLEX_PACKAGES):
            return partial(_event_callback, plugin=self)
        return None

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        class_name, _, attribute = fullname.rpartition(".")
        if attribute.startswith("_"):  # a backend var: never a Var, not readable on the class in a page
            return None
        symbol = self.lookup_fully_qualified(class_name)
        if symbol is None or not isinstance(symbol.node, TypeInfo) or not symbol.node.has_base(BASE_STATE):
            return None
        declaration = symbol.node.get(attribute)
        field = declaration.node if declaration is not None else None
        if (
            not isinstance(field, Var)
            or field.is_classvar
            or field.is_property
            or field.info.fullname.startswith(REFLEX_PACKAGES)
            or not field.info.has_base(BASE_STATE)
        ):
            return None
        return partial(_field_on_class, owner=symbol.node, plugin=self)


def plugin(version: str) -> type[Plugin]:
    return ReflexPlugin

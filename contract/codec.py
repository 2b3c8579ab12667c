"""JSON for the contract's dataclasses: encoding, and strict decoding that names what is wrong.

``encode`` turns a request or reply into JSON-ready data (``datetime`` as ISO 8601 with its
offset). ``decode`` rebuilds a dataclass from JSON data and raises :class:`ContractViolation`
for a missing field, an unknown field, a wrong type, a value outside a ``Literal`` or a time
outside the contract's years (:mod:`contract.limits`).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from contract.limits import EARLIEST, LATEST, in_range


class ContractViolation(ValueError):
    """JSON that does not fit the contract; *path* says where (``reply.vehicles[0].vin``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(path, problem)  # its args rebuild it, as SimPy does across a process
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def encode(value: Any) -> Any:
    """*value* (a contract dataclass, list, datetime or plain value) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: encode(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@cache
def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of every field of dataclass *cls*."""
    return typing.get_type_hints(cls)


def decode[T](cls: type[T], data: Any, path: str = "body") -> T:
    """The dataclass *cls* read from JSON *data*; :class:`ContractViolation` if it does not fit."""
    return typing.cast(T, _decode(cls, data, path))


def _decode(kind: Any, data: Any, path: str) -> Any:
    origin = get_origin(kind)
    if dataclasses.is_dataclass(kind):
        return _decode_dataclass(typing.cast(type, kind), data, path)
    if origin is Literal:
        if data not in get_args(kind):
            raise ContractViolation(path, f"{data!r} is not one of {list(get_args(kind))}")
        return data
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if data is None and type(None) in options:
            return None
        for option in (o for o in options if o is not type(None)):
            try:
                return _decode(option, data, path)
            except ContractViolation:
                continue
        raise ContractViolation(path, f"{data!r} fits none of {options}")
    if origin is list:
        if not isinstance(data, list):
            raise ContractViolation(path, f"expected a list, got {type(data).__name__}")
        (item,) = get_args(kind)
        return [_decode(item, value, f"{path}[{index}]") for index, value in enumerate(data)]
    if kind is datetime:
        return _decode_datetime(data, path)
    if kind is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise ContractViolation(path, f"expected a number, got {data!r}")
        return float(data)
    if kind in (str, int, bool):
        if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
            raise ContractViolation(path, f"expected {kind.__name__}, got {data!r}")
        return data
    raise ContractViolation(path, f"the contract has no type {kind!r}")  # pragma: no cover - a contract bug


def _decode_dataclass(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise ContractViolation(path, f"expected an object, got {type(data).__name__}")
    fields = {item.name: item for item in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ContractViolation(path, f"unknown fields {unknown}")
    values = {}
    for name, item in fields.items():
        if name in data:
            values[name] = _decode(field_types(cls)[name], data[name], f"{path}.{name}")
        elif item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING:
            raise ContractViolation(path, f"missing field {name!r}")
    return cls(**values)


def _decode_datetime(data: Any, path: str) -> datetime:
    if not isinstance(data, str):
        raise ContractViolation(path, f"expected an ISO 8601 time, got {data!r}")
    try:
        moment = datetime.fromisoformat(data)
    except ValueError as error:
        raise ContractViolation(path, f"{data!r} is not an ISO 8601 time") from error
    if moment.tzinfo is None:
        raise ContractViolation(path, f"{data!r} has no time zone")
    if not in_range(moment):
        raise ContractViolation(path, f"{data!r} is not between the years {EARLIEST.year} and {LATEST.year - 1}")
    return moment

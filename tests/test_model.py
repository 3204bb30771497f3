"""The frozen models' shared equality, hashing and repr (``neighborly._model``)."""

from __future__ import annotations

import copy
import gc
import importlib
import pickle
import pkgutil

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import neighborly
from neighborly._model import Model, rebuilt
from neighborly.personal import PERSONAL, mask_phone, masked


@attrs.frozen(eq=False, repr=False)
class _Pair(Model):
    left: int
    right: str = "r"
    phone: str | None = attrs.field(default=None, repr=masked(mask_phone), metadata=PERSONAL)
    cache: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False, hash=False)


@attrs.frozen
class _AttrsPair:
    """The same fields, with the methods attrs writes itself."""

    left: int
    right: str = "r"
    phone: str | None = attrs.field(default=None, repr=masked(mask_phone), metadata=PERSONAL)
    cache: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False, hash=False)


@attrs.frozen(eq=False, repr=False)
class _Other(Model):
    left: int
    right: str = "r"
    phone: str | None = None
    cache: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False, hash=False)


@attrs.frozen(eq=False, repr=False)
class _Empty(Model):
    pass


@attrs.frozen(eq=False, repr=False)
class _One(Model):
    only: int = attrs.field()

    @only.validator
    def _positive(self, _: object, value: int) -> None:
        if value <= 0:
            raise ValueError(value)


_values = st.tuples(
    st.integers(-3, 3), st.sampled_from(["a", "b"]), st.none() | st.just("13812345678")
)


@given(_values, _values)
def test_equality_hash_and_repr_are_those_attrs_would_write(a: tuple, b: tuple):
    ours = _Pair(*a), _Pair(*b)
    theirs = _AttrsPair(*a), _AttrsPair(*b)
    assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
    assert (ours[0] != ours[1]) == (theirs[0] != theirs[1])
    if ours[0] == ours[1]:
        assert hash(ours[0]) == hash(ours[1])
    assert repr(ours[0]).replace("_Pair", "_AttrsPair") == repr(theirs[0])


def test_a_field_left_out_of_equality_is_left_out_of_the_hash_and_the_repr():
    one, two = _Pair(1, cache={"x": 1}), _Pair(1, cache={"y": 2})
    assert one == two
    assert hash(one) == hash(two)
    assert "cache" not in repr(one)
    assert repr(_Pair(1, phone="13812345678")) == "_Pair(left=1, right='r', phone='138****5678')"


def test_models_of_different_classes_are_never_equal():
    assert _Pair(1) != _Other(1)
    assert _Pair(1).__eq__(_Other(1)) is NotImplemented
    assert _Pair(1) != (1, "r", None)


def test_a_model_without_fields_equals_its_kind():
    assert _Empty() == _Empty()
    assert hash(_Empty()) == hash(_Empty())
    assert repr(_Empty()) == "_Empty()"


def test_a_field_compared_through_a_key_is_refused():
    with pytest.raises(TypeError, match="compares fields as they are"):

        @attrs.frozen(eq=False, repr=False)
        class _Keyed(Model):
            name: str = attrs.field(eq=str.lower)


def _models() -> list[type]:
    for info in pkgutil.walk_packages(neighborly.__path__, "neighborly."):
        if info.name.split(".")[-1] in {"__main__", "batch", "ical"}:
            continue  # the command's entry point; adapters with their own dependencies
        importlib.import_module(info.name)
    gc.collect()  # the classes as written, which attrs replaced with slotted ones
    found, stack = [], list(Model.__subclasses__())
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith("neighborly.")]


def test_every_model_shares_the_methods_rather_than_having_attrs_write_its_own():
    models = _models()
    assert len(models) > 150
    for cls in models:
        assert attrs.has(cls), cls
        for name in ("__eq__", "__hash__", "__repr__"):
            assert name not in cls.__dict__, f"{cls.__qualname__} has its own {name}"


@given(_values, st.dictionaries(st.sampled_from("xyz"), st.integers()))
def test_a_model_pickles_and_copies_as_every_field_it_holds(values: tuple, cache: dict):
    model = _Pair(*values, cache=cache)
    for again in (
        pickle.loads(pickle.dumps(model)),
        copy.copy(model),
        copy.deepcopy(model),
    ):
        assert type(again) is _Pair
        assert again == model
        assert again.cache == cache  # left out of equality, kept all the same
    assert copy.copy(model).cache is cache
    assert copy.deepcopy(model).cache is not cache


@given(st.integers(1, 10))
def test_models_of_one_field_and_of_none_pickle_too(value: int):
    assert pickle.loads(pickle.dumps(_One(value))) == _One(value)
    assert pickle.loads(pickle.dumps(_Empty())) == _Empty()


def test_unpickling_sets_the_fields_without_judging_them_again():
    made = object.__new__(_One)
    object.__setattr__(made, "only", -1)  # as if the rule had changed since it was written
    assert pickle.loads(pickle.dumps(made)).only == -1


def test_values_that_do_not_fit_the_fields_are_refused_when_unpickled():
    with pytest.raises(TypeError, match="_Pair has 4 fields; 2 values were given"):
        rebuilt(_Pair, (1, "r"))


def test_every_model_pickles_as_all_of_its_attrs_fields():
    for cls in _models():
        assert "__reduce__" not in cls.__dict__, cls
        assert cls._stored == tuple(f.name for f in attrs.fields(cls) if f.init), cls


@attrs.frozen(eq=False, repr=False)
class _Cached(Model):
    value: int
    _seen: dict[str, int] = attrs.field(init=False, factory=dict, eq=False, repr=False, hash=False)
    _text: str | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)


def test_what_a_model_derives_itself_is_left_out_of_a_pickle_and_filled_again():
    model = _Cached(3)
    model._seen["x"] = 1
    object.__setattr__(model, "_text", "three")
    for again in (pickle.loads(pickle.dumps(model)), copy.copy(model)):
        assert again == model
        assert again._seen == {}
        assert again._seen is not model._seen
        assert again._text is None
    assert b"three" not in pickle.dumps(model)


def test_a_derived_field_without_a_plain_default_is_refused():
    with pytest.raises(TypeError, match="a derived field needs a plain default"):

        @attrs.frozen(eq=False, repr=False)
        class _NoDefault(Model):
            value: int
            _late: int = attrs.field(init=False)

    with pytest.raises(TypeError, match="a derived field needs a plain default"):

        @attrs.frozen(eq=False, repr=False)
        class _FromSelf(Model):
            value: int
            _twice: int = attrs.field(
                init=False, default=attrs.Factory(lambda self: self.value * 2, takes_self=True)
            )

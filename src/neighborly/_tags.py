"""Resident tags: a lower module so that services modules can use them without importing
the place tree (which imports them)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from neighborly._text import Text

__all__ = ["ResidentTag"]


class ResidentTag(str, enum.Enum):
    """Circumstances that community work looks after (the value is how files spell it)."""

    ELDER_LIVING_ALONE = "elder_living_alone"
    EMPTY_NEST_ELDER = "empty_nest_elder"
    DISABLED = "disabled"
    LOW_INCOME = "low_income"
    SINGLE_PARENT = "single_parent"
    LEFT_BEHIND_CHILD = "left_behind_child"
    PARTY_MEMBER = "party_member"
    VETERAN = "veteran"
    VOLUNTEER = "volunteer"

    @property
    def label(self) -> Text:
        """The tag's name in English and Chinese."""
        return _TAG_LABELS[self]


_TAG_LABELS: Mapping[ResidentTag, Text] = MappingProxyType(
    {
        ResidentTag.ELDER_LIVING_ALONE: Text("elder living alone", "独居老人"),
        ResidentTag.EMPTY_NEST_ELDER: Text("empty-nest elder", "空巢老人"),
        ResidentTag.DISABLED: Text("disabled", "残疾人"),
        ResidentTag.LOW_INCOME: Text("low-income (dibao)", "低保/低收入"),
        ResidentTag.SINGLE_PARENT: Text("single-parent family", "单亲家庭"),
        ResidentTag.LEFT_BEHIND_CHILD: Text("left-behind child", "留守儿童"),
        ResidentTag.PARTY_MEMBER: Text("Party member", "党员"),
        ResidentTag.VETERAN: Text("veteran", "退役军人"),
        ResidentTag.VOLUNTEER: Text("registered volunteer", "注册志愿者"),
    }
)

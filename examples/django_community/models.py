"""A street office's registry of its communities, one row each."""

from __future__ import annotations

from django.db import models

from .fields import CommunityField


class CommunityRecord(models.Model):
    """One community as the street office keeps it."""

    code = models.CharField(max_length=64, unique=True)
    community = CommunityField(purpose="the street office's registry of its communities")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "django_community"

    def __str__(self) -> str:
        return self.code

"""One history path for bulk writers (imports, the demo, plan copies): every history row says
who acted and why, exactly as a row written by ``save()`` through a page would.

Built on django-simple-history's bulk API. The acting user is named explicitly: a command or a
background job has no request for simple-history's middleware to read it from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models
from simple_history import utils


def bulk_create_with_history(
    objs: Sequence[Any], model: type, *, by: Any = None, reason: str = "", batch_size: int = 500
) -> list[Any]:
    """Insert ``objs`` and one "created" history row each, attributed to ``by``."""
    return utils.bulk_create_with_history(
        list(objs),
        model,
        batch_size=batch_size,
        default_user=by,
        default_change_reason=reason or None,
    )


def bulk_update_with_history(
    objs: Sequence[Any],
    model: type,
    fields: Sequence[str],
    *,
    by: Any = None,
    reason: str = "",
    batch_size: int = 500,
) -> int:
    """Update ``fields`` of ``objs`` and write one "changed" history row each, attributed to ``by``."""
    return (
        utils.bulk_update_with_history(
            list(objs),
            model,
            list(fields),
            batch_size=batch_size,
            default_user=by,
            default_change_reason=reason or None,
        )
        or 0
    )


def attribute_to(obj: models.Model, by: Any, *, reason: str = "") -> None:
    """The next ``save()`` of ``obj`` writes a history row naming ``by`` (and ``reason``):
    simple-history reads ``_history_user``, and a command or a background job has no request for
    its middleware to take the user from."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


M = TypeVar("M", bound=models.Model)


def create_with_history(model: type[M], *, by: Any, reason: str = "", **fields: Any) -> M:
    """One row saved with its history row naming ``by``, as ``bulk_create_with_history`` does
    for many."""
    obj = model(**fields)
    attribute_to(obj, by, reason=reason)
    obj.save()
    return obj

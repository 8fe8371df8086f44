"""One history path for bulk writers (imports, the demo, plan copies): every history row says
who acted and why, exactly as a row written by ``save()`` through a page would.

Built on django-simple-history's bulk API. The acting user is named explicitly: a command or a
background job has no request for simple-history's middleware to read it from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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


def attribute_to(obj: models.Model, by: Any) -> None:
    """The next ``save()`` of ``obj`` writes a history row naming ``by``: simple-history reads
    ``_history_user``, and a command or a background job has no request for its middleware."""
    obj._history_user = by  # type: ignore[attr-defined]

"""One history path for bulk writers (imports, the demo, plan copies): every history row says
who acted and why, exactly as a row written by ``save()`` through a page would.

Built on django-simple-history's bulk API. The acting user is named explicitly: a command or a
background job has no request for simple-history's middleware to read it from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from operator import attrgetter
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
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


def copy_with_history(
    objs: Sequence[Any],
    model: type[models.Model],
    *,
    by: Any = None,
    reason: str = "",
    default_date: Any = None,
) -> list[Any]:
    """``bulk_create_with_history`` for imports of thousands of rows: the rows and their
    "created" history rows are the same, built by simple-history's own historical model exactly
    as its ``bulk_history_create`` builds them, but both are written with PostgreSQL COPY (an
    order of magnitude faster than INSERT; ``legalaid/tests/test_history.py`` compares the two
    paths column by column). Like ``bulk_create``, ``save()`` and signals do not run."""
    from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

    objs = list(objs)
    if not objs:
        return objs
    _copy_instances(model, objs)
    history = get_history_manager_for_model(model)
    moment = default_date or timezone.now()
    tracked = [field.attname for field in history.model.tracked_fields]
    related = hasattr(history.model, "history_relation")
    rows = []
    for instance in objs:
        # The values bulk_history_create gives its historical instances, without building them
        # (a model instance each cost a second for 10,000 rows).
        user = getattr(instance, "_history_user", by)
        values = {name: getattr(instance, name) for name in tracked}
        values.update(
            history_date=getattr(instance, "_history_date", moment),
            history_user_id=user.pk if user is not None else None,
            history_change_reason=get_change_reason_from_object(instance) or reason or None,
            history_type="+",
        )
        if related:
            values["history_relation_id"] = instance.pk
        rows.append(_Row(values))
    _copy_instances(history.model, rows)
    return objs


def copy_links_with_history(
    model: type[models.Model], name: str, pairs: Sequence[tuple[int, int]], *, moment: Any
) -> None:
    """The links of the many-to-many field ``name`` of ``model`` (pairs of row id and linked id),
    written with COPY, and the same links on the history rows written at ``moment`` for those
    rows: simple-history records a save's many-to-many lists (``m2m_fields``) with its history
    row, and its bulk API does not."""
    from django.apps import apps
    from simple_history.utils import get_history_manager_for_model

    field = model._meta.get_field(name)
    through = field.remote_field.through  # type: ignore[union-attr]
    source, target = field.m2m_column_name(), field.m2m_reverse_name()  # type: ignore[union-attr]
    history = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{name}")
    row_ids = sorted({row_id for row_id, _other in pairs})
    history_of = dict(
        get_history_manager_for_model(model)
        .filter(id__in=row_ids, history_date=moment)
        .values_list("id", "history_id")
    )
    links = [_Row({source: row_id, target: other}) for row_id, other in pairs]
    _copy_instances(through, links)
    link_pk = through._meta.pk.attname
    copies = []
    for link in links:
        values = dict(vars(link))
        values["id"] = values.pop(link_pk)  # the historical list keeps the link's own id as "id"
        values["history_id"] = history_of[values[source]]
        copies.append(_Row(values))
    _copy_instances(history, copies)


def _copy_instances(model: type[models.Model], instances: Sequence[Any]) -> None:
    """Write ``instances`` with COPY: primary keys taken from the table's sequence in one query,
    auto_now fields stamped as ``bulk_create`` stamps them."""
    # The connection itself, not django.db.connection's per-thread proxy: a lookup through the
    # proxy for every value of every row cost more than the copy.
    db = connections[DEFAULT_DB_ALIAS]
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    pk = model._meta.pk
    missing = [instance for instance in instances if getattr(instance, pk.attname, None) is None]
    if missing and pk is not None:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk.column, len(missing)],
            )
            for instance, (value,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(instance, pk.attname, value)
    table = db.ops.quote_name(model._meta.db_table)
    names = ", ".join(db.ops.quote_name(field.column) for field in fields)
    # Each column's value as bulk_create would send it: auto_now fields stamped, and converted by
    # the field unless PostgreSQL takes the Python value as it is (text, numbers, dates, keys; a
    # value of another type there fails the copy loudly rather than being written wrong).
    getters: list[Callable[[Any], Any]] = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            getters.append(partial(_stamped, field, db))
        elif _plain(field):
            getters.append(attrgetter(field.attname))
        else:
            getters.append(partial(_converted, field, db))
    with db.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for instance in instances:
            copy.write_row([get(instance) for get in getters])
    for instance in instances:
        if isinstance(instance, models.Model):
            instance._state.adding = False
            instance._state.db = db.alias


def _stamped(field: Any, db: Any, row: Any) -> Any:
    return field.get_db_prep_save(field.pre_save(row, True), db)


def _converted(field: Any, db: Any, row: Any) -> Any:
    return field.get_db_prep_save(getattr(row, field.attname), db)


class _Row:
    """A row's values by attribute name, for ``_copy_instances``."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


# Field types whose Python value PostgreSQL's COPY takes unchanged.
_PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "EmailField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)


def _plain(field: Any) -> bool:
    target = field.target_field if field.is_relation and field.many_to_one else field
    return target.get_internal_type() in _PLAIN_TYPES

"""Notifications: the inbox of each user, fed by the apps' services after their transaction
commits, and the e-mail copy the background worker sends when the deployment sends mail.

An app calls ``notify(build)`` inside its transaction; ``build()`` runs once the transaction
commits (never when it rolls back) and returns the ``Draft`` notices, one per recipient, each
worded for its recipient. They are written in one insert, and their e-mails are queued for the
worker: nothing of it runs in the transaction or slows the step that caused it. A failure there
is logged and the step stays done (``robust``).

The texts are written in the centre's language (``LANGUAGE_CODE``), as the records are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from legalaid.models import Notification, User
from legalaid.roles import Role

if TYPE_CHECKING:
    from legalaid.models import Unit

logger = logging.getLogger(__name__)

Kind = Notification.Kind


@dataclass(frozen=True)
class Draft:
    """One notice to one user. ``key``: set for a notice that must be raised once only (a
    job's); a second draft with the same recipient and key is dropped."""

    recipient: User
    kind: str
    text: str
    url: str = ""
    about: str = ""
    key: str = ""


Builder = Callable[[], Iterable[Draft]]


def notify(build: Builder) -> None:
    """Write the notices ``build()`` gives once the current transaction commits."""
    transaction.on_commit(lambda: deliver_built(build), robust=True)


def deliver_built(build: Builder) -> list[int]:
    with translation.override(settings.LANGUAGE_CODE):
        drafts = list(build())
    return deliver(drafts)


def deliver(drafts: Iterable[Draft]) -> list[int]:
    """Write the notices in one insert (a keyed one already raised is skipped) and queue their
    e-mails; the ids of the notices written."""
    rows: dict[tuple, Notification] = {}
    for draft in drafts:
        if not draft.recipient.is_active:
            continue
        identity = (draft.recipient.pk, draft.key or (draft.kind, draft.about, draft.text))
        rows.setdefault(
            identity,
            Notification(
                recipient=draft.recipient,
                kind=draft.kind,
                text=draft.text,
                url=draft.url[:300],
                about=draft.about[:60],
                key=draft.key[:120],
            ),
        )
    if not rows:
        return []
    keyed = [row for row in rows.values() if row.key]
    plain = [row for row in rows.values() if not row.key]
    written = [row.pk for row in Notification.objects.bulk_create(plain)] if plain else []
    if keyed:
        # A key already raised (a job run twice) is skipped by the unique constraint; the rows
        # written are the keyed ones not yet e-mailed, created by this insert.
        Notification.objects.bulk_create(keyed, ignore_conflicts=True)
        written += Notification.objects.filter(
            recipient_id__in={row.recipient_id for row in keyed},
            key__in={row.key for row in keyed},
            created_at__gte=min(row.created_at for row in keyed),
            emailed_at__isnull=True,
        ).values_list("pk", flat=True)
    if settings.NOTIFICATION_EMAILS:
        to_mail = list(
            Notification.objects.filter(pk__in=written)
            .exclude(recipient__email="")
            .values_list("pk", flat=True)
        )
        if to_mail:
            send_notification_emails.enqueue(sorted(to_mail))
    return written


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail the notices not e-mailed yet to their recipients (run by the worker); each is
    stamped ``emailed_at`` once sent, so a task run twice sends each one once."""
    sent = 0
    connection = get_connection()
    site = settings.SITE_URL
    with translation.override(settings.LANGUAGE_CODE):
        for pk in notification_ids:
            with transaction.atomic():
                notice = (
                    Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("recipient")
                    .filter(pk=pk, emailed_at__isnull=True)
                    .first()
                )
                if notice is None or not notice.recipient.email or not notice.recipient.is_active:
                    continue
                body = notice.text
                if notice.url:
                    body += "\n\n" + _("Open: %(link)s") % {"link": f"{site}{notice.url}"}
                message = EmailMessage(
                    subject=_("[Legal aid] %(kind)s") % {"kind": notice.get_kind_display()},
                    body=body,
                    to=[notice.recipient.email],
                    connection=connection,
                )
                message.send()
                notice.emailed_at = timezone.now()
                notice.save(update_fields=["emailed_at"])
                sent += 1
    return sent


# --- Who is told -------------------------------------------------------------------------------


def unit_heads(unit: Unit) -> list[User]:
    """The directors nearest above ``unit`` (its own, else those of the closest unit above it
    that has one): who is told of what happens in the unit."""
    directors = User.objects.filter(is_active=True, groups__name=Role.DIRECTOR, unit__isnull=False)
    over = [
        (user, user.unit.path)
        for user in directors.select_related("unit").distinct()
        if user.unit is not None and unit.path.startswith(user.unit.path)
    ]
    if not over:
        return []
    nearest = max(len(path) for _user, path in over)
    return [user for user, path in over if len(path) == nearest]


def unit_clerks(unit: Unit) -> list[User]:
    """The unit's own intake officers."""
    return list(User.objects.filter(is_active=True, groups__name=Role.INTAKE_OFFICER, unit=unit).distinct())


# --- The inbox ---------------------------------------------------------------------------------


def inbox(user: User) -> QuerySet[Notification]:
    """The one rule of the inbox: a user sees their own notices only."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def notification_read(*, notification: Notification, by: User) -> None:
    if notification.recipient_id != by.pk or notification.read_at is not None:
        return
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_all(*, by: User) -> int:
    return inbox(by).filter(read_at__isnull=True).update(read_at=timezone.now())

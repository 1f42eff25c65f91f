"""Large progress files, built by the task worker (``manage.py db_worker``, which
``make run`` starts beside the web server): asking for one, building it, and giving up
one whose worker died."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from . import exports
from .filters import ProgressFilterForm
from .models import ExportJob

logger = logging.getLogger(__name__)


@task
def build_export(job_id: str) -> str:
    """Build a requested progress file with the filters, scope and day it was asked on,
    recording each step so the requester sees how far it has got. Every write is
    conditional on the job still being built: a job given up as stuck (see
    ``export_jobs_give_up_stuck``) stays given up, even if this build was only slow."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, progressed_at=timezone.now()
    )
    if not claimed:
        return "skipped"  # deleted, given up (or already built) since it was asked for
    job = ExportJob.objects.select_related("plan", "requested_by").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            filters = ProgressFilterForm(
                job.filters or None,
                plan=job.plan,
                user=job.requested_by,
                # The day it was asked: the same window, counted to the same day, and a
                # period already over then reads as over (``as_of`` is only its last day).
                today=timezone.localdate(job.requested_at),
            )
            if filters.is_bound and not filters.is_valid():
                # E.g. the unit left the requester's subtree since: not other figures.
                raise ValueError(f"The filters no longer apply: {filters.errors.as_json()}")
            content, filename = exports.progress_file(
                plan=job.plan, figures=filters.figures(), fmt=job.format, on_step=job.advance
            )
        except ExportJob.GivenUp:
            logger.warning("Export %s was given up while it was being built", job.pk)
            raise
        except Exception:
            logger.exception("Export %s failed", job.pk)
            ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                status=ExportJob.Status.FAILED,
                step=_("The file could not be built."),
                finished_at=timezone.now(),
            )
            raise
    done = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE,
        percent=100,
        step="",
        content=content,
        filename=filename,
        progressed_at=timezone.now(),
        finished_at=timezone.now(),
    )
    if not done:
        raise ExportJob.GivenUp(job.pk)
    return filename


def export_job_request(
    *, user, plan, fmt: str, filters: dict, as_of: date
) -> tuple[ExportJob, bool]:
    """The requester's job for a progress file in ``fmt`` with ``filters`` (as
    ``ProgressFilterForm.saved`` gives them), counted to ``as_of``: the one already waiting
    or being built for the same, or a new one handed to the worker (then True). A job whose
    worker died is given up first, so asking again starts afresh."""
    export_jobs_give_up_stuck()
    pending = ExportJob.objects.for_user(user).pending()
    if job := pending.filter(plan=plan, format=fmt, filters=filters, as_of=as_of).first():
        return job, False
    # Files past their keeping time go when a new one is asked for: no cron job needed.
    ExportJob.objects.filter(
        requested_at__lt=timezone.now() - timedelta(days=settings.EXPORT_KEEP_DAYS)
    ).delete()
    with transaction.atomic():
        job = ExportJob(requested_by=user, plan=plan, format=fmt, filters=filters, as_of=as_of)
        job.task_id = build_export.enqueue(job_id=str(job.pk)).id
        job.save(force_insert=True)
    return job, True


class ExportStuck(Exception):
    """What a given-up job's task row records as its failure."""


def export_jobs_give_up_stuck(*, now=None) -> int:
    """Mark failed the files whose build has stopped (``ExportJob.objects.stuck``: their
    worker died), with their task rows, so that their page says so and offers to build them
    again, and asking again starts a new job. Returns how many were given up."""
    now = now or timezone.now()
    if not ExportJob.objects.stuck(now=now).exists():
        return 0
    minutes = settings.EXPORT_STUCK_AFTER_MINUTES
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        # Locked and read again: a build that moved meanwhile is alive after all.
        stuck = ExportJob.objects.stuck(now=now).select_for_update()
        jobs = dict(stuck.values_list("pk", "task_id"))
        ExportJob.objects.filter(pk__in=jobs).update(
            status=ExportJob.Status.FAILED,
            step=_("The build stopped: nothing moved for %(minutes)d minutes.")
            % {"minutes": minutes},
            finished_at=now,
        )
        tasks = DBTaskResult.objects.running().filter(pk__in=[t for t in jobs.values() if t])
        for result in tasks.select_for_update():
            result.set_failed(ExportStuck(f"No progress for {minutes} minutes: the worker died."))
    logger.warning("Gave up %d export(s) whose worker died", len(jobs))
    return len(jobs)

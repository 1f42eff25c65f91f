"""Background work, run by the task worker (``manage.py db_worker``, which ``make run``
starts beside the web server)."""

import logging

from django.conf import settings
from django.http import QueryDict
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import exports
from .filters import ProgressFilterForm
from .models import ExportJob

logger = logging.getLogger(__name__)


@task
def build_export(job_id: str) -> str:
    """Build a requested progress file with the filters, scope and day it was asked on,
    recording each step so the requester sees how far it has got."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        return "skipped"  # deleted (or already built) since it was asked for
    job = ExportJob.objects.select_related("plan", "requested_by").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            filters = ProgressFilterForm(
                QueryDict(job.query) or None,
                plan=job.plan,
                user=job.requested_by,
                # The day it was asked: the same window, counted to the same day, and a
                # period already over then reads as over (``as_of`` is only its last day).
                today=timezone.localdate(job.requested_at),
            )
            content, filename = exports.progress_file(
                plan=job.plan, figures=filters.figures(), fmt=job.format, on_step=job.advance
            )
        except Exception:
            logger.exception("Export %s failed", job.pk)
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportJob.Status.FAILED,
                step=_("The file could not be built."),
                finished_at=timezone.now(),
            )
            raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        percent=100,
        step="",
        content=content,
        filename=filename,
        finished_at=timezone.now(),
    )
    return filename

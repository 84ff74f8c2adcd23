"""The HR import: upload and dry run, the decision (apply or discard)."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.decorators import reauthentication_required
from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization, Role
from tandem.people import selectors
from tandem.people.access import organization_view
from tandem.people.forms import ImportUploadForm
from tandem.people.imports import apply_import, check_import, discard_import
from tandem.people.models import ImportRun, ImportStatus


@organization_view(Role.ADMIN)
def import_upload(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = check_import(
            organization=organization,
            actor=request.user,
            filename=upload.name,
            content=upload.read(),
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        return redirect("people:import_detail", org_slug=organization.slug, public_id=run.public_id)
    context = {"form": form, "imports": selectors.recent_imports(organization)}
    return render(request, "people/import_upload.html", context)


def _get_import_run(organization: Organization, public_id: UUID) -> ImportRun:
    run = ImportRun.objects.filter(organization=organization, public_id=public_id).first()
    if run is None:
        raise Http404
    return run


@organization_view(Role.ADMIN)
def import_detail(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    return render(request, "people/import_detail.html", {"run": run})


@require_POST
@organization_view(Role.ADMIN)
@reauthentication_required
def import_apply(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    if run.status != ImportStatus.PREVIEWED:
        messages.error(request, _("This import has already been decided."))
    else:
        run = apply_import(run=run, actor=request.user)
        if run.status == ImportStatus.APPLIED:
            messages.success(request, _("The import has been applied."))
        else:
            messages.error(request, _("Nothing was changed: the file no longer passes the checks."))
    return redirect("people:import_detail", org_slug=organization.slug, public_id=run.public_id)


@require_POST
@organization_view(Role.ADMIN)
def import_discard(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    if run.status == ImportStatus.PREVIEWED:
        discard_import(run=run, actor=request.user)
        messages.info(request, _("The import has been discarded; nothing was changed."))
    return redirect("people:import_upload", org_slug=organization.slug)

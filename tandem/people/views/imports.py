"""The HR import: upload and dry run, the columns' choice, the decision (apply or discard)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.decorators import reauthentication_required
from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import MembershipRole, Organization
from tandem.people import selectors
from tandem.people.access import organization_view
from tandem.people.forms import ColumnChoiceForm, ImportUploadForm
from tandem.people.imports import apply_import, check_import, choose_columns, discard_import
from tandem.people.models import ImportRun, ImportStatus


@organization_view(MembershipRole.ADMIN)
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
    return get_object_or_404(
        ImportRun.objects.filter(organization=organization, public_id=public_id)
    )


@organization_view(MembershipRole.ADMIN)
def import_detail(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    column_form = ColumnChoiceForm(run=run) if run.offers_column_choice else None
    return render(request, "people/import_detail.html", {"run": run, "column_form": column_form})


@require_POST
@organization_view(MembershipRole.ADMIN)
def import_columns(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    if not run.offers_column_choice:
        messages.error(request, _("The columns of this import can no longer be chosen."))
        return redirect("people:import_detail", org_slug=organization.slug, public_id=run.public_id)
    form = ColumnChoiceForm(request.POST, request.FILES, run=run)
    if not form.is_valid():
        return render(request, "people/import_detail.html", {"run": run, "column_form": form})
    upload = form.cleaned_data.get("file")
    run = choose_columns(
        run=run,
        actor=request.user,
        fields=form.chosen_fields(),
        upload=(upload.name, upload.read()) if upload else None,
    )
    messages.success(
        request,
        _(
            "The file was checked again with the columns you chose. Files with the same "
            "headers are read this way from now on."
        ),
    )
    return redirect("people:import_detail", org_slug=organization.slug, public_id=run.public_id)


@require_POST
@organization_view(MembershipRole.ADMIN)
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
@organization_view(MembershipRole.ADMIN)
def import_discard(
    request: HttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = _get_import_run(organization, public_id)
    if run.status == ImportStatus.PREVIEWED:
        discard_import(run=run, actor=request.user)
        messages.info(request, _("The import has been discarded; nothing was changed."))
    return redirect("people:import_upload", org_slug=organization.slug)

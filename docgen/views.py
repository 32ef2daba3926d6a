"""Staff screens at /app/documents/. Thin: selectors to read, services to write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from docgen import batches, pdf, selectors, services
from docgen.forms import GenerateForm, TemplateUploadForm
from docgen.models import DocumentBatch, DocumentTemplate
from docgen.validation import TemplateRefused
from registration.filters import case_filterset
from registration.selectors import case_for_user, cases_visible_to

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"docx": DOCX, "pdf": "application/pdf", "zip": "application/zip"}


def _back(request, fallback: str):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def file_response(field, filename: str, fmt: str) -> FileResponse:
    """A stored file as a download; the API answers with the same."""
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])


@login_required
@require_POST
def case_generate(request, case_id: int):
    """Generate one document for a case and download it at once."""
    case = case_for_user(request.user, pk=case_id, surface=None)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un document et un format."))
        return _back(request, reverse("registration:case_list"))
    try:
        document = services.document_generate(
            case=case, kind=form.cleaned_data["kind"], by=request.user, fmt=form.cleaned_data["format"]
        )
    except (services.DocumentRefused, pdf.PdfUnavailable) as error:
        messages.error(request, str(error))
        return _back(request, reverse("registration:case_list"))
    return file_response(document.file, document.filename, document.format)


@login_required
@require_GET
def document_download(request, pk: int):
    document = services.document_download(pk=pk, by=request.user)
    return file_response(document.file, document.filename, document.format)


@login_required
@require_POST
def document_regenerate(request, pk: int):
    """The same document from today's data, with the template version it was made with."""
    document = selectors.document_for_user(request.user, pk=pk)
    try:
        document = services.document_regenerate(document=document, by=request.user)
    except (services.DocumentRefused, pdf.PdfUnavailable) as error:
        messages.error(request, str(error))
        return _back(request, reverse("registration:case_list"))
    return file_response(document.file, document.filename, document.format)


def _is_case_id(value: str) -> bool:
    # isdigit() alone accepts "²"; ids also have to fit a bigint.
    return value.isascii() and value.isdigit() and int(value) < 2**63


@login_required
@require_POST
def batch_create(request):
    """Posted by the case list: the selected cases, or every case matching its filters."""
    requested: list[str] = []
    if request.POST.get("scope") == "all":
        filterset = case_filterset(request.user, QueryDict(request.POST.get("filter_query", "")))
        if not filterset.is_valid():
            # A batch wider than the filters asked for would be worse than no batch.
            messages.error(request, _("Filtres invalides : aucun lot n'a été créé."))
            return _back(request, reverse("registration:case_list"))
        cases = filterset.qs
    else:
        requested = request.POST.getlist("cases")
        if not all(_is_case_id(value) for value in requested):
            messages.error(request, _("Sélection de dossiers illisible."))
            return _back(request, reverse("registration:case_list"))
        cases = cases_visible_to(request.user).filter(pk__in=requested)
    try:
        batch = batches.batch_create(
            by=request.user, cases=cases, requested_ids=requested, title=request.POST.get("title", "")[:200]
        )
    except services.DocumentRefused as error:
        messages.error(request, str(error))
        return _back(request, reverse("registration:case_list"))
    return redirect("docgen:batch_detail", pk=batch.pk)


@login_required
@require_GET
def batch_detail(request, pk: int):
    batch = selectors.batch_for_user(request.user, pk=pk)
    running = batch.status in (DocumentBatch.Status.PENDING, DocumentBatch.Status.RUNNING)
    return render(request, "docgen/batch_detail.html", {"batch": batch, "running": running})


@login_required
@require_GET
def batch_status(request, pk: int):
    batch = selectors.batch_for_user(request.user, pk=pk)
    return JsonResponse(
        {
            "status": batch.status,
            "percent": batch.percent,
            "cases_done": batch.cases_done,
            "case_count": batch.case_count,
            # The page's script shows this as is: the wording stays in the message catalogue.
            "progress_text": _("%(done)s sur %(total)s dossiers (%(percent)s %%)")
            % {"done": batch.cases_done, "total": batch.case_count, "percent": batch.percent},
        }
    )


@login_required
@require_GET
def batch_download(request, pk: int):
    batch = batches.batch_download(pk=pk, by=request.user)
    return file_response(batch.zip_file, batch.zip_filename, "zip")


@login_required
def template_list(request):
    """Admins upload template versions per organisation and/or court."""
    if not selectors.may_manage_templates(request.user):
        raise Http404
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_upload(
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                court=form.cleaned_data["court"],
                note=form.cleaned_data["note"],
            )
        except TemplateRefused as error:
            problems = error.problems
        else:
            messages.success(request, _("Modèle enregistré : %(template)s.") % {"template": template})
            return redirect("docgen:template_list")
    status = 400 if problems or form.errors else 200
    return render(
        request,
        "docgen/template_list.html",
        {"form": form, "problems": problems, "templates": selectors.templates_by_kind()},
        status=status,
    )


@login_required
@require_GET
def template_download(request, pk: int):
    if not selectors.may_manage_templates(request.user):
        raise Http404
    template = get_object_or_404(DocumentTemplate, pk=pk)
    return file_response(template.file, f"{template.kind}-v{template.version}.docx", "docx")


@login_required
@require_GET
def reference_download(request):
    """The placeholder reference as committed by ``build_docgen_templates`` (not rebuilt per request)."""
    reference = services.REFERENCE_FILE
    return FileResponse(reference.open("rb"), as_attachment=True, filename=reference.name, content_type=DOCX)

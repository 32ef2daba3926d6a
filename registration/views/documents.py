"""Supporting documents of a case: upload, permission-checked download, removal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registration import selectors, services
from registration.forms import DocumentUploadForm, add_service_errors
from registration.models import AccessLog
from registration.views.access import access_log, may_manage_documents, may_see_supporting_documents
from registration.views.cases import render_case_detail


@login_required
@require_POST
def document_upload_view(request, pk: int):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if not may_manage_documents(request.user, case):
        raise PermissionDenied
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(
                case=case,
                document_type=form.cleaned_data["document_type"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Pièce « %(type)s » ajoutée.") % {"type": form.cleaned_data["document_type"].name}
            )
            return redirect(reverse("registration:case_detail", args=[case.pk]) + "#supporting-documents")
    access_log(case=case, user=request.user, surface=AccessLog.Surface.PAGE)
    case.refresh_from_db()
    return render_case_detail(request, case, status=400, upload_form=form)


@login_required
def document_download(request, pk: int, document_pk: int):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if not may_see_supporting_documents(request.user):
        raise PermissionDenied
    document = get_object_or_404(case.documents, pk=document_pk)
    access_log(case=case, user=request.user, surface=AccessLog.Surface.DOWNLOAD)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_delete_view(request, pk: int, document_pk: int):
    case = selectors.case_for_user(request.user, pk=pk, surface=None)
    if not may_manage_documents(request.user, case):
        raise PermissionDenied
    document = get_object_or_404(case.documents.select_related("document_type"), pk=document_pk)
    services.document_delete(document=document, by=request.user)
    messages.success(request, _("Pièce « %(type)s » retirée.") % {"type": document.document_type.name})
    return redirect(reverse("registration:case_detail", args=[case.pk]) + "#supporting-documents")

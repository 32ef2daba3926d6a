"""The case list (filters, search, pagination, batch selection) and the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from registration import selectors, services
from registration.filters import VULNERABILITIES, case_filterset
from registration.forms import CloseAsDuplicateForm, DocumentUploadForm, ReassignForm
from registration.models import Case
from registration.views.access import (
    may_edit_case,
    may_manage_documents,
    may_reassign_case,
    may_see_supporting_documents,
)
from registration.workflow import action_form, actions_for

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
LIST_RELATED = ("birth_commune", "organisation")


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE


@login_required
def case_list(request):
    """Filtered, searchable, paginated list; rows can be picked for document generation."""
    user = request.user
    filterset = case_filterset(user, request.GET or None, request=request)
    cases = filterset.qs.select_related(*LIST_RELATED)
    page_size = _page_size(request)
    page_obj = Paginator(cases, page_size).get_page(request.GET.get("page"))
    return render(
        request,
        "registration/case_list.html",
        {
            "filterset": filterset,
            "page_obj": page_obj,
            "page_size": page_size,
            "page_sizes": PAGE_SIZES,
            "may_export": selectors.may_export(user),
            "may_create": selectors.may_edit_cases(user),
        },
    )


@login_required
def case_detail(request, pk: int):
    case = selectors.case_for_user(request.user, pk=pk)
    return render_case_detail(request, case)


def _action_rows(request, case: Case, bound_action: str | None, bound_form) -> list[dict]:
    rows = []
    for availability in actions_for(case, request.user):
        name = availability.action.name
        is_bound = name == bound_action and bound_form is not None
        form = bound_form if is_bound else action_form(availability.action, case, prefix=name)
        rows.append({"availability": availability, "form": form, "open": is_bound})
    return rows


def _checklist(case: Case) -> tuple[list[dict], list]:
    documents = list(case.documents.select_related("document_type"))
    required = list(services.required_document_types(case))
    required_ids = {doc_type.pk for doc_type in required}
    checklist = [
        {"document_type": doc_type, "documents": [d for d in documents if d.document_type_id == doc_type.pk]}
        for doc_type in required
    ]
    others = [d for d in documents if d.document_type_id not in required_ids]
    return checklist, others


def _duplicates(request, case: Case) -> dict | None:
    if not case.is_potential_duplicate:
        return None
    candidates = services.duplicate_candidates(case)
    # Only candidates the user may see are shown; the others are counted, so the partner
    # knows to ask the coordination, without learning another organisation's child.
    visible = candidates.filter(pk__in=selectors.cases_visible_to(request.user).values("pk")).select_related(
        "birth_commune", "organisation"
    )
    visible_rows = list(visible)
    return {
        "candidates": visible_rows,
        "hidden_count": candidates.count() - len(visible_rows),
        "close_form": CloseAsDuplicateForm(candidates=visible),
    }


def render_case_detail(
    request,
    case: Case,
    *,
    status: int = 200,
    bound_action: str | None = None,
    bound_form=None,
    upload_form: DocumentUploadForm | None = None,
):
    """The case page; also re-rendered with a bound form's errors by the POST views."""
    user = request.user
    editable = may_edit_case(user, case)
    context = {
        "case": case,
        "may_see_protection": selectors.may_see_protection_fields(user),
        "vulnerabilities": [label for name, label in VULNERABILITIES if getattr(case, name)],
        "hidden_fields": selectors.hidden_fields_for(user),
        "editable": editable,
        "witnesses": list(case.witnesses.all()),
        "events": list(case.events.select_related("by")),
        "action_rows": _action_rows(request, case, bound_action, bound_form),
        "duplicates": _duplicates(request, case),
    }
    if may_see_supporting_documents(user):
        checklist, other_documents = _checklist(case)
        context.update(
            show_documents=True,
            checklist=checklist,
            other_documents=other_documents,
            may_manage_documents=may_manage_documents(user, case),
            upload_form=upload_form or DocumentUploadForm(),
        )
    if may_reassign_case(user, case):
        context["reassign_form"] = ReassignForm(case=case)
    return render(request, "registration/case_detail.html", context, status=status)

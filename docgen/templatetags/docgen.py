from django import template

from docgen import pdf
from docgen.forms import GenerateForm
from docgen.selectors import documents_for_case, may_generate_documents

register = template.Library()


@register.inclusion_tag("docgen/_case_documents_panel.html", takes_context=True)
def case_documents_panel(context, case):
    """The case page's documents card: generate now, or download an earlier one."""
    request = context.get("request")
    return {
        "case": case,
        "form": GenerateForm(),
        "documents": list(documents_for_case(case, request.user)[:20]) if request else [],
        "pdf_available": pdf.pdf_available(),
        "may_generate": bool(request) and may_generate_documents(request.user),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request else "",
    }

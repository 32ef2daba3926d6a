"""Staff tracker screens at /app/. Thin: selectors to read, services to write."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registration.selectors import cases_visible_to, user_role


@login_required
def home(request):
    """Each role lands on its own workqueue."""
    cases = cases_visible_to(request.user)
    return render(request, "registration/home.html", {"role": user_role(request.user), "case_count": cases.count()})


@login_required
def case_list(request):
    cases = cases_visible_to(request.user).select_related("organisation")[:50]
    return render(request, "registration/case_list.html", {"cases": cases})

"""Exports of case lists (CSV) for partner managers and coordinators."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def case_export(request):
    return HttpResponse(status=501)

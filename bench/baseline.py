"""The bare-Django baseline the app is measured against, served beside it by bench.settings.

`sign` validates the sign form's fields with a plain Django form and inserts the same Signature row
in one transaction; `page` renders a static template of the petition page, with no query.
"""

from django import forms
from django.core.validators import RegexValidator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from core.languages import codes
from petitions.models import Petition, Signature


class BaselineSignForm(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(max_length=254)
    postal_code = forms.CharField(max_length=10, validators=[RegexValidator(r"^\d{5}$")])
    town = forms.CharField(max_length=100, required=False)
    comment = forms.CharField(max_length=2000, required=False)
    public = forms.BooleanField(required=False)
    updates_opt_in = forms.BooleanField(required=False)


def page(request, language=None):
    """The petition page as a static template. Per language, the app's own page captured at the
    start of the run (bench/baseline_page.py); without one, the checked-in copy."""
    if language is None:
        return render(request, "bench/page.html")
    if language not in codes():
        raise Http404
    return render(request, f"bench/page_{language}.html")


@require_POST
def sign(request, slug):
    form = BaselineSignForm(request.POST)
    if not form.is_valid():
        return render(request, "bench/page.html", status=400)
    petition_id = Petition.objects.values_list("pk", flat=True).get(slug=slug)
    data = form.cleaned_data
    with transaction.atomic():
        Signature.objects.create(
            petition_id=petition_id,
            language=get_language(),
            email=data["email"].lower(),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            **{name: data[name] for name in data if name != "email"},
        )
    return redirect("bench-baseline-page")

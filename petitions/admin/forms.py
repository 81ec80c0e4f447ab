import datetime
import secrets

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.languages import codes
from petitions import imports, lifecycle
from petitions.exports.filters import ALL, DATE_RANGE, SCOPES, ExportFilter
from petitions.models import Petition, Signature

HEADINGS = [*settings.LANGUAGES, (",".join(codes()), _("English and Spanish"))]
FORMAT_CHOICES = [
    ("csv", _("CSV (spreadsheets, scripts)")),
    ("xlsx", _("Excel workbook (XLSX)")),
    ("pdf", _("PDF delivery packet (to print)")),
]


class DateInput(forms.DateInput):
    input_type = "date"


# 9999-12-31 is a valid date, but the day after it (where a range ends) is not.
BEFORE_3000 = MaxValueValidator(
    datetime.date(2999, 12, 31), message=_("Please give a date before the year 3000.")
)


def optional_date(label, **kwargs):
    return forms.DateField(
        label=label, required=False, widget=DateInput, validators=[BEFORE_3000], **kwargs
    )


class ExportForm(forms.Form):
    petition = forms.ModelChoiceField(label=_("Petition"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv")
    scope = forms.ChoiceField(
        label=_("Signatures"),
        choices=SCOPES,
        widget=forms.RadioSelect(attrs={"class": "radiolist"}),
    )
    date_from = optional_date(_("From"))
    date_to = optional_date(_("To (included)"))
    language = forms.ChoiceField(
        label=_("Signed in"),
        required=False,
        choices=[("", _("Either language"))] + list(Signature.Language.choices),
    )
    headings = forms.ChoiceField(
        label=_("Language of the headings"),
        choices=HEADINGS,
        help_text=_("The CSV header always uses the column names, for scripts and the import."),
    )
    delivery_date = optional_date(_("Delivery date (PDF cover)"))
    include_comments = forms.BooleanField(label=_("Include comments (PDF)"), required=False)
    include_emails = forms.BooleanField(
        label=_("Include email addresses (PDF)"),
        required=False,
        help_text=_(
            "For the organizers' own checks only. A packet recorded as a delivery, for the "
            "petition's target, never includes them (the privacy page promises it)."
        ),
    )
    record_delivery = forms.BooleanField(
        label=_("Record these signatures as a new planned delivery"),
        required=False,
        help_text=_(
            "Only signatures in no delivery yet are recorded. Instead of a download, you then "
            "see the new delivery: download its packet there, and mark it delivered once it is "
            "handed over."
        ),
    )

    # One per form shown: recording the same form twice (a double click) records one delivery.
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, petitions, can_record=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petitions
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(24))
        if not can_record:
            del self.fields["record_delivery"]
        self.fields["scope"].initial = SCOPES[0][0]

    def clean(self):
        data = super().clean()
        if data.get("scope") == DATE_RANGE:
            start, end = data.get("date_from"), data.get("date_to")
            if not start or not end:
                raise forms.ValidationError(_("Please give both dates of the range."))
            if end < start:
                raise forms.ValidationError(_("The end date must not be before the start date."))
        if data.get("record_delivery") and data.get("include_emails"):
            self.add_error(
                "include_emails",
                _(
                    "A delivery's packet goes to the petition's target, who never receives "
                    "signers' email addresses. Untick one of the two."
                ),
            )
        return data

    def export_filter(self):
        data = self.cleaned_data
        return ExportFilter(
            scope=data["scope"],
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            language=data.get("language") or "",
        )

    def heading_languages(self):
        return tuple(self.cleaned_data["headings"].split(","))


class PaperImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("UTF-8 CSV with a header line, the same columns as the CSV export."),
    )
    text = forms.CharField(
        label=_("Or paste the rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 100, "spellcheck": "false"}),
    )
    language = forms.ChoiceField(
        label=_("Language of rows that do not say"),
        choices=Signature.Language.choices,
        help_text=_("The language of the paper sheet, if the rows have no language column."),
    )
    format = forms.ChoiceField(
        label=_("Kind of file"),
        choices=imports.FORMAT_CHOICES,
        initial=imports.PAPER,
        required=False,  # scripts and older pages send none: our own columns
        help_text=_(
            "A MoveOn or Action Network file is shown first, as it will be read, before "
            "anything is added."
        ),
    )

    def clean(self):
        data = super().clean()
        data["format"] = data.get("format") or imports.PAPER
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Please choose a CSV file or paste the rows."))
        return data


class PetitionAdminForm(forms.ModelForm):
    """The petition's change form. Switching "signatures count only once confirmed" changes the
    public count at once: the organiser sees what it will become, and saves again to confirm."""

    confirm_count_change = forms.BooleanField(
        label=_("Change the count"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Petition
        fields = "__all__"  # noqa: DJ007 (the admin chooses the fields it shows)

    def clean(self):
        cleaned = super().clean()
        petition = self.instance
        if petition.pk is None or "requires_confirmation" not in self.changed_data:
            return cleaned
        rule = cleaned.get("requires_confirmation")
        if rule is None or cleaned.get("confirm_count_change"):
            return cleaned
        now, then = petition.signature_count, lifecycle.count_under(petition, rule)
        if now == then:
            return cleaned
        field = self.fields["confirm_count_change"]
        field.widget = forms.CheckboxInput()
        field.label = _("Yes, change the public count from %(now)s to %(then)s") % {
            "now": f"{now:,}",
            "then": f"{then:,}",
        }
        explain = (
            _(
                "With this change only confirmed signatures count: the public count will go "
                "from %(now)s to %(then)s. Tick “Yes, change the public count” below and save "
                "again to confirm."
            )
            if rule
            else _(
                "With this change every valid signature counts, confirmed or not: the public "
                "count will go from %(now)s to %(then)s. Tick “Yes, change the public count” "
                "below and save again to confirm."
            )
        )
        self.add_error("requires_confirmation", explain % {"now": f"{now:,}", "then": f"{then:,}"})
        return cleaned


class SignatureChangeForm(forms.ModelForm):
    """An organiser correcting a signature. `petition` is read-only on this form, and Django
    checks a unique constraint only when all its fields are on the form, so the database's
    "one signature per email" would answer instead, with an error page: it is checked here."""

    def clean_email(self):
        email = self.cleaned_data.get("email")
        others = Signature.objects.filter(petition_id=self.instance.petition_id, email=email)
        if email and "email" in self.changed_data and others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This email address has already signed this petition."), code="unique"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_name", ""), cleaned.get("last_name", "")
        key = lifecycle.name_key(first or "", last or "")
        email = cleaned.get("email") or ""
        twin = Signature.objects.filter(
            petition_id=self.instance.petition_id, email=email, name_key=key
        ).exclude(pk=self.instance.pk)
        if email and twin.exists():
            raise forms.ValidationError(
                _("This email address has already signed this petition."), code="unique"
            )
        self.instance.name_key = key if email else ""
        return cleaned


class DeliveryAddForm(forms.ModelForm):
    """A new delivery: which signatures it takes (all those in no delivery yet, narrowed by
    dates, language or town). It refuses to record an empty one. `token`, one per form shown,
    makes a double click record one delivery (petitions/deliveries.record)."""

    signed_from = optional_date(_("Signed from"))
    signed_until = optional_date(_("Signed until (included)"))
    language = forms.ChoiceField(
        label=_("Signed in"),
        required=False,
        choices=[("", _("Either language"))] + list(Signature.Language.choices),
    )
    town = forms.CharField(
        label=_("Town"), required=False, max_length=100, help_text=_("Leave empty for all towns.")
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", secrets.token_urlsafe(24))
        for code in codes():
            if f"recipient_{code}" in self.fields:
                self.fields[f"recipient_{code}"].required = False
                self.fields[f"recipient_{code}"].help_text = _(
                    "Leave empty for the petition's target."
                )

    def clean_recipient_defaults(self, petition):
        """An empty recipient is the petition's target, in each language."""
        for code in codes():
            name = f"recipient_{code}"
            if name in self.fields and not (self.cleaned_data.get(name) or "").strip():
                self.cleaned_data[name] = getattr(petition, f"target_{code}")

    def chosen(self, petition):
        """The signatures asked for: in no delivery yet, counted, within the filters."""
        data = self.cleaned_data
        chosen = ExportFilter(
            scope=DATE_RANGE if data.get("signed_from") or data.get("signed_until") else ALL,
            date_from=data.get("signed_from") or datetime.date(1900, 1, 1),
            date_to=data.get("signed_until") or datetime.date(2999, 12, 30),
            language=data.get("language") or "",
        ).signatures(petition)
        if data.get("town", "").strip():
            chosen = chosen.filter(town__iexact=data["town"].strip())
        return chosen.undelivered()

    def clean(self):
        data = super().clean()
        start, end = data.get("signed_from"), data.get("signed_until")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        petition = data.get("petition")
        if petition is not None:
            self.clean_recipient_defaults(petition)
        if petition is not None and not self.errors and not self.chosen(petition).exists():
            raise forms.ValidationError(
                _(
                    "No signatures to deliver: none that count is left outside a delivery with "
                    "these choices. A delivery cannot be empty."
                )
            )
        return data

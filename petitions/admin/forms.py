from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.languages import codes
from petitions.exports.filters import DATE_RANGE, SCOPES, ExportFilter
from petitions.models import Signature

HEADINGS = [*settings.LANGUAGES, (",".join(codes()), _("English and Spanish"))]
FORMAT_CHOICES = [
    ("csv", _("CSV (spreadsheets, scripts)")),
    ("xlsx", _("Excel workbook (XLSX)")),
    ("pdf", _("PDF delivery packet (to print)")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class ExportForm(forms.Form):
    petition = forms.ModelChoiceField(label=_("Petition"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv")
    scope = forms.ChoiceField(label=_("Signatures"), choices=SCOPES, widget=forms.RadioSelect)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To (included)"), required=False, widget=DateInput)
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
    delivery_date = forms.DateField(
        label=_("Delivery date (PDF cover)"), required=False, widget=DateInput
    )
    include_comments = forms.BooleanField(label=_("Include comments (PDF)"), required=False)
    include_emails = forms.BooleanField(label=_("Include email addresses (PDF)"), required=False)
    record_delivery = forms.BooleanField(
        label=_("Record these signatures as a new planned delivery"),
        required=False,
        help_text=_(
            "Only signatures in no delivery yet are recorded and exported. Mark the delivery as "
            "delivered once it is handed over."
        ),
    )

    def __init__(self, *args, petitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = petitions
        self.fields["scope"].initial = SCOPES[0][0]

    def clean(self):
        data = super().clean()
        if data.get("scope") == DATE_RANGE:
            start, end = data.get("date_from"), data.get("date_to")
            if not start or not end:
                raise forms.ValidationError(_("Please give both dates of the range."))
            if end < start:
                raise forms.ValidationError(_("The end date must not be before the start date."))
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

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Please choose a CSV file or paste the rows."))
        return data

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from petitions import bot_checks, us_states, zip_lookup
from petitions.fields import normalise_email
from petitions.models import Signature
from petitions.validators import (
    tidy_whitespace,
    validate_comment,
    validate_name,
    validate_town,
)

COMMENT_MAX_LENGTH = 2000
STAMP_ERRORS = {
    bot_checks.TOO_FAST: _(
        "That was quicker than we expected. Please check your details and press "
        "“Sign the petition” again."
    ),
    bot_checks.UNREADABLE: _(
        "We could not read this form, perhaps because the page is old. Please check your "
        "details and press “Sign the petition” again."
    ),
}
# A form served hours ago, or to another browser, gets the same answer as an unreadable one.
STAMP_ERRORS[bot_checks.EXPIRED] = STAMP_ERRORS[bot_checks.OTHER_BROWSER] = STAMP_ERRORS[
    bot_checks.UNREADABLE
]


class SignatureForm(forms.ModelForm):
    """The sign form. Town and state come from the ZIP unless the signer writes a town.

    `request` (the one serving or receiving the form) binds the fill-time stamp to the browser.
    """

    bot_checked = True
    # What a signer types and ticks: carried over when they switch the page's language.
    TYPED = ("first_name", "last_name", "email", "postal_code", "town", "comment")
    TICKED = ("public", "updates_opt_in")

    town = forms.CharField(
        label=_("Town (optional)"),
        required=False,
        max_length=100,
        help_text=_("We fill this in from your ZIP code. Change it if it is not right."),
        validators=[validate_town],
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_comment],
        error_messages={
            "max_length": _(
                "Please keep your comment under %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )

    # Bot checks (see petitions/bot_checks.py): never seen by people.
    leave_blank = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # The ZIP and town the signer was asked about and kept ("06106 is Hartford, CT — is that
    # right?"): sending the form again with the same ones means yes.
    place_checked = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Signature
        fields = [
            "first_name",
            "last_name",
            "email",
            "postal_code",
            "town",
            "comment",
            "public",
            "updates_opt_in",
        ]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("Email"),
            "postal_code": _("ZIP code"),
            "public": _("Show my first name, last initial and town on this petition"),
            "updates_opt_in": _("Email me news about this petition"),
        }
        help_texts = {
            "email": _("Never shown publicly. One signature per email address."),
            "public": _("Your email and full last name are never shown."),
        }
        error_messages = {
            "first_name": {
                "required": _("Please enter your first name."),
                "max_length": _("Please keep this under %(limit_value)d characters."),
            },
            "last_name": {
                "required": _("Please enter your last name."),
                "max_length": _("Please keep this under %(limit_value)d characters."),
            },
            "email": {
                "required": _("Please enter your email address."),
                "invalid": _("Please enter a valid email address, like name@example.com."),
                "max_length": _("Please keep this under %(limit_value)d characters."),
            },
            "postal_code": {
                "required": _("Please enter your ZIP code."),
                "max_length": _("Please enter a 5-digit US ZIP code, like 06106."),
            },
        }

    def __init__(self, *args, request=None, petition=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.petition = petition
        # Set by clean() when the ZIP's town or state should be shown back before storing.
        self.place_question = None
        self.fields["email"].required = True
        self.fields["postal_code"].max_length = 20
        self.fields["postal_code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 10}
        )
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["town"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["town"].error_messages["max_length"] = _(
            "Please keep this under %(limit_value)d characters."
        )
        # Whatever arrives in the hidden field is judged by bot_checks alone, with its own message.
        self.fields["started"].validators = []
        self.fields["place_checked"].validators = []
        if not self.is_bound:
            self.fields["started"].initial = bot_checks.stamp(request)

    @cached_property
    def helper(self):
        """The layout, built only when the form is shown (storing a signature never needs it)."""
        helper = FormHelper()
        helper.form_tag = False
        # The page's <form> carries the CSRF token itself (petition_detail.html), fresh for each
        # reader also on the cached page. crispy's own would be baked into the fields rendered
        # once per process (page_cache.blank_form): a stale token after the one a browser sends
        # first, and Django reads the last one, so every reader but the first was refused.
        helper.disable_csrf = True
        helper.layout = Layout(
            Div(
                Div("first_name", css_class="col-sm-6"),
                Div("last_name", css_class="col-sm-6"),
                css_class="row",
            ),
            "email",
            Div(
                Div("postal_code", css_class="col-sm-5"),
                Div("town", css_class="col-sm-7"),
                css_class="row",
            ),
            Field("comment"),
            "public",
            "updates_opt_in",
            Div(
                Field("leave_blank", tabindex="-1", autocomplete="off"),
                css_class="hp-field",
                aria_hidden="true",
            ),
            "started",
            "place_checked",
            Submit("sign", _("Sign the petition"), css_class="btn-lg w-100"),
        )
        return helper

    def clean(self):
        cleaned_data = super().clean()
        started = self.cleaned_data.get("started")
        problem = bot_checks.check_stamp(started, self.request) if self.bot_checked else None
        if problem:
            # A fresh stamp for the form shown again, so that the next try can pass.
            self.data = self.data.copy()
            self.data["started"] = bot_checks.stamp(self.request)
            self.add_error(None, forms.ValidationError(STAMP_ERRORS[problem], code=problem))
        if not self.errors:
            self._check_place()
        return cleaned_data

    def _check_place(self):
        """Refuse a ZIP outside a petition limited to its state; ask about a ZIP outside the
        petition's state, or whose town is not the one typed, unless already asked."""
        record = getattr(self, "_zip_record", None)
        if not record:
            return
        petition, zip_code = self.petition, self.cleaned_data["postal_code"]
        state, town = record.get("state", ""), record.get("city", "")
        typed_town = self.cleaned_data.get("town", "")
        out_of_state = bool(petition and petition.state and state != petition.state)
        if out_of_state and petition.only_state:
            self.add_error(
                "postal_code",
                forms.ValidationError(
                    _(
                        "This petition is only for residents of %(state)s, and the ZIP code "
                        "%(zip)s is in %(town)s, %(zip_state)s. Please check it."
                    ),
                    code="out_of_state",
                    params={
                        "state": us_states.name(petition.state),
                        "zip": zip_code[:5],
                        "town": town,
                        "zip_state": state,
                    },
                ),
            )
            return
        other_town = bool(typed_town) and not zip_lookup.same_town(typed_town, record)
        if not (out_of_state or other_town):
            return
        key = f"{zip_code[:5]}|{zip_lookup.fold(typed_town)}"
        if self.data.get("place_checked") == key:
            return
        self.place_question = {
            "zip": zip_code[:5],
            "town": town,
            "state": state,
            "typed_town": typed_town if other_town else "",
            "petition_state": us_states.name(petition.state) if out_of_state else "",
        }
        self.data = self.data.copy()
        self.data["place_checked"] = key

    @property
    def has_field_errors(self):
        """A field to correct, not only a message about the whole form (too fast, too many)."""
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def looks_automated(self):
        return bot_checks.filled_honeypot(self.data)

    def _post_clean(self):
        """No model validation after the form's: it would only run again the checks each form
        field already ran (the fields are the model's: length, email syntax; the model declares
        no validator or clean() of its own, tests/test_sign_form_model_checks.py), and the
        unique constraints it could check involve fields this form does not set (petition,
        slot), held by the database instead (lifecycle.add). Skipped because it was about a
        twentieth of a signature's CPU time (bench/profile_sign.py); the signature itself is
        built from `signature_data()`, not from `self.instance`."""

    def clean_first_name(self):
        value = tidy_whitespace(self.cleaned_data["first_name"])
        validate_name(value)
        return value

    def clean_last_name(self):
        value = tidy_whitespace(self.cleaned_data["last_name"])
        validate_name(value)
        return value

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if not email.isprintable():  # invisible characters (bidi overrides, zero widths...)
            raise forms.ValidationError(
                self.fields["email"].error_messages["invalid"], code="invalid"
            )
        return email

    def clean_town(self):
        return tidy_whitespace(self.cleaned_data.get("town", ""))

    def clean_postal_code(self):
        raw = self.cleaned_data["postal_code"]
        found = zip_lookup.normalise(raw)
        if found is None:
            typed = zip_lookup.clean(raw)
            if zip_lookup.looks_like_a_zip(typed):
                raise forms.ValidationError(
                    _("We could not find the ZIP code %(zip)s. Please check it."),
                    code="unknown_zip",
                    params={"zip": typed[:10]},
                )
            if typed.isascii() and typed.isdigit():
                raise forms.ValidationError(
                    _("A ZIP code has 5 digits, like 06106."), code="zip_length"
                )
            raise forms.ValidationError(
                _("Please enter a 5-digit US ZIP code, like 06106."), code="invalid_zip"
            )
        postal_code, self._zip_record = found
        return postal_code

    def clean_comment(self):
        return self.cleaned_data.get("comment", "").replace("\r\n", "\n").strip()

    def needs_answer(self):
        """Valid, but the signer must first say whether the ZIP's town is right."""
        return self.place_question is not None

    def signature_data(self):
        """The cleaned fields as Signature attributes, with town and state filled from the ZIP."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        record = getattr(self, "_zip_record", None) or {}
        data["town"] = data["town"] or record.get("city", "")
        data["state"] = record.get("state", "")
        return data

from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from campaigns.roles import CampaignScopedAdminMixin
from core import audit
from petitions import background, imports, lifecycle, paper
from petitions.admin import dashboard
from petitions.admin import jobs as job_views
from petitions.admin.forms import PaperImportForm, PetitionAdminForm
from petitions.admin.scoping import CampaignFilter
from petitions.admin.stats import petition_stats
from petitions.models import Petition


@admin.register(Petition)
class PetitionAdmin(CampaignScopedAdminMixin, TabbedTranslationAdmin):
    campaign_path = "campaign"
    list_display = ("title", "campaign", "status", "signature_count", "opens_at", "closes_at")
    list_filter = ("status", CampaignFilter)
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ("signature_count", "missing_translations")
    change_form_template = "admin/petitions/petition/change_form.html"
    form = PetitionAdminForm

    def get_readonly_fields(self, request, obj=None):
        # Its address is fixed once it has opened: QR codes and links were printed with it.
        if obj is not None and obj.status != Petition.Status.DRAFT:
            return (*super().get_readonly_fields(request, obj), "slug")
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.status != Petition.Status.DRAFT:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        # Never the count; a change of the counting rule recounts under the petition's lock.
        lifecycle.save_petition(obj)

    @admin.display(description=gettext_lazy("signatures"))
    def signature_count(self, obj):
        """The count (`count_base` plus the signers' shards, petitions/lifecycle.py)."""
        return obj.signature_count if obj and obj.pk else 0

    @admin.display(description=gettext_lazy("missing before it can open"))
    def missing_translations(self, obj):
        missing = obj.missing_translations() if obj else []
        if not missing:
            return _("Nothing: complete in both languages.")
        return format_html_join(", ", "{} ({})", ((str(f), str(lang)) for f, lang in missing))

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/paper/", wrap(self.paper_view), name="petitions_paper"),
            path(
                "<path:object_id>/dashboard/",
                wrap(partial(dashboard.petition_dashboard, self)),
                name="petitions_petition_dashboard",
            ),
            path(
                "campaign/<str:campaign_id>/",
                wrap(partial(dashboard.campaign_dashboard, self)),
                name="petitions_campaign_dashboard",
            ),
            path(
                "<path:object_id>/signature-sheet/",
                wrap(self.signature_sheet_view),
                name="petitions_signature_sheet",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        petition = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if petition is not None:
            extra_context["stats"] = petition_stats(petition)
        return super().change_view(request, object_id, form_url, extra_context)

    def _petition(self, request, object_id):
        """The petition, only if it is one of the user's campaigns' (404 otherwise, and for an
        id no petition can have, such as "abc")."""
        petition = self.get_object(request, object_id)
        if petition is None:
            raise Http404
        return petition

    def paper_view(self, request, object_id):
        petition = self._petition(request, object_id)
        if not request.user.has_perm("petitions.add_signature"):
            raise PermissionDenied
        form = PaperImportForm(
            request.POST or None, request.FILES or None, initial={"language": request.LANGUAGE_CODE}
        )
        result = shown = None
        if request.method == "POST" and form.is_valid():
            text = self._paper_text(form)
            fmt = form.cleaned_data["format"]
            language = form.cleaned_data["language"]
            if "preview" in request.POST or (fmt != imports.PAPER and "add" not in request.POST):
                # Nothing stored yet: the columns as understood and the first rows, to check.
                shown = imports.preview(fmt, text)
                form = PaperImportForm(initial={"text": text, "language": language, "format": fmt})
            elif paper.count_rows(text) > settings.PAPER_BACKGROUND_ROWS:
                # Many rows: entered by a background job; its page shows the progress, then
                # the lines not added (the audit entry is written when it ends).
                job = background.start_import(request.user, petition, fmt, text, language)
                return redirect(job_views.job_url(job))
            else:
                result = self._import_paper(request, petition, form, text)
                if not result.errors:
                    return redirect(reverse("admin:petitions_petition_change", args=[petition.pk]))
                if result.rejected:
                    # Only the lines to correct stay in the box, in our columns: sending it
                    # again adds nothing twice. (Text that could not be read stays as it was.)
                    form = PaperImportForm(
                        initial={"text": result.rejected_csv(), "language": language}
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": petition,
            "title": _("Enter paper signatures"),
            "form": form,
            "result": result,
            "preview": shown,
            "columns": ", ".join(paper.REQUIRED_COLUMNS),
            "background_rows": settings.PAPER_BACKGROUND_ROWS,
        }
        return TemplateResponse(request, "admin/petitions/paper_import.html", context)

    @staticmethod
    def _paper_text(form):
        upload = form.cleaned_data["file"]
        return paper.decode(upload.read()) if upload else form.cleaned_data["text"]

    def _import_paper(self, request, petition, form, text):
        fmt = form.cleaned_data["format"]
        language = form.cleaned_data["language"]
        result = imports.import_file(petition, fmt, text, default_language=language)
        audit.record(
            request,
            audit.Action.PAPER_IMPORT,
            petition=petition,
            rows=result.added,
            rejected=len(result.errors),
            **imports.audit_details(fmt),
        )
        if result.added:
            message = ngettext(
                "%(n)d paper signature was added.",
                "%(n)d paper signatures were added.",
                result.added,
            )
            messages.success(request, message % {"n": result.added})
        if result.errors:
            message = ngettext(
                "%(n)d line was not added; see below.",
                "%(n)d lines were not added; see below.",
                len(result.errors),
            )
            messages.warning(request, message % {"n": len(result.errors)})
        return result

    def signature_sheet_view(self, request, object_id):
        petition = self._petition(request, object_id)
        # The blank sheet is how paper signatures are gathered: for those who may enter them.
        if not request.user.has_perm("petitions.add_signature"):
            raise PermissionDenied
        from petitions.pdf import build_signature_sheet

        response = HttpResponse(content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{petition.slug}-sheet.pdf"'
        # Printed QR codes must lead to the public site, whatever address the admin is reached at.
        build_signature_sheet(petition, response, base_url=settings.SITE_URL)
        return response

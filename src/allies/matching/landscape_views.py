"""The landscape page: pick an audience, see who already serves it; the audiences x sectors matrix."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from allies.directory import listing
from allies.directory.inference import Inference
from allies.directory.models import Audience, Sector
from allies.directory.suggestions import evidence_text
from allies.directory.thesaurus import AUDIENCE
from allies.libraries.access import MEMBERS, library_view
from allies.matching import landscape
from allies.partnerships.models import Stage


class AudienceForm(forms.Form):
    audience = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=Audience.objects.none(),
        empty_label=_("Choose an audience"),
        help_text=_("See which organizations already reach this group."),
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = Audience.objects.filter(library=library)


@library_view(role=MEMBERS)
def landscape_view(request):
    library = request.library
    form = AudienceForm(request.GET if "audience" in request.GET else None, library=library)
    context = {"form": form, "matrix": landscape.audience_sector_matrix(library)}
    if form.is_valid():
        audience = form.cleaned_data["audience"]
        ids, inferred = landscape.reaching_ids(library, audience)
        page = Paginator(ids, listing.PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = landscape.organizations_reaching(library, list(page.object_list))
        stages, sectors = dict(Stage.choices), dict(Sector.choices)
        for organization in page.object_list:
            found = inferred.get(organization.pk)
            organization.suggested_because = (
                evidence_text(Inference(AUDIENCE, audience.pk, 0.0, *found)) if found else ""
            )
            organization.sector_label = sectors.get(organization.sector, organization.sector)
            for partnership in organization.open_partnerships:
                partnership.stage_label = stages.get(partnership.stage, partnership.stage)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            audience=audience,
            page_obj=page,
            querystring_without_page=params.urlencode(),
            partnerships=landscape.partnerships_reaching(library, ids),
            suggested=len(inferred),
        )
    return render(request, "matching/landscape.html", context)

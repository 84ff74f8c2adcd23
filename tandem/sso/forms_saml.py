"""The SAML part of an organisation's company sign-in: the IdP's metadata and the employee id."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.validators import single_line
from tandem.sso.forms import LinkForm
from tandem.sso.models import LinkBy
from tandem.sso.saml import MAX_METADATA_BYTES, NAME_ID, IdpMetadata, read_idp_metadata


class SamlForm(forms.Form):
    """The IdP's metadata: required the first time, afterwards only to replace it."""

    metadata = forms.FileField(
        label=_("Metadata of your identity provider (XML file)"),
        help_text=_(
            "Download it from your identity provider, e.g. “Federation Metadata XML” in "
            "Microsoft Entra ID. Tandem reads the entity ID, the sign-in address and the "
            "signing certificate from it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )

    def __init__(self, *args: Any, has_metadata: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if has_metadata:
            self.fields["metadata"].required = False
            self.fields["metadata"].help_text = _(
                "Upload a file only to replace the metadata Tandem has, e.g. after the "
                "identity provider changed its certificate."
            )

    def clean_metadata(self) -> IdpMetadata | None:
        upload = self.cleaned_data.get("metadata")
        if not upload:
            return None
        # One byte past the limit is enough to know a file is too large.
        return read_idp_metadata(upload.read(MAX_METADATA_BYTES + 1))


class SamlLinkForm(LinkForm):
    """A first SAML sign-in finds its person by the employee ID, in the NameID or an attribute.

    SAML has no standard mark of a verified address, so linking by address is not offered.
    """

    NAME_ID_SOURCE = "name_id"
    ATTRIBUTE_SOURCE = "attribute"

    employee_id_source = forms.ChoiceField(
        label=_("Where the assertion carries the employee ID"),
        choices=[
            (NAME_ID_SOURCE, _("In the NameID (the subject of the assertion)")),
            (ATTRIBUTE_SOURCE, _("In an attribute")),
        ],
        widget=forms.RadioSelect,
    )
    attribute = forms.CharField(
        label=_("Name of the attribute"),
        required=False,
        max_length=200,
        validators=[single_line],
        help_text=_(
            "Exactly as your identity provider sends it, e.g. employeeNumber or "
            "http://schemas.microsoft.com/ws/2008/06/identity/claims/employeeid."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("link_by", "claim"):
            del self.fields[name]
        claim = self.instance.claim if self.instance.pk else NAME_ID
        by_name_id = claim == NAME_ID
        self.fields["employee_id_source"].initial = (
            self.NAME_ID_SOURCE if by_name_id else self.ATTRIBUTE_SOURCE
        )
        self.fields["attribute"].initial = "" if by_name_id else claim

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("employee_id_source") == self.ATTRIBUTE_SOURCE:
            claim = str(cleaned.get("attribute") or "").strip()
            if not claim:
                self.add_error("attribute", _("Please name the attribute."))
        else:
            claim = NAME_ID
        self.instance.link_by = LinkBy.EMPLOYEE_ID
        self.instance.claim = claim
        return cleaned

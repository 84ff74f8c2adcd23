"""What Tandem serves over SCIM: the User attributes it keeps, and nothing it would drop.

The published schemas list only the attributes an employee holds, so a client
(and scim2-tester) reads back what it wrote. Attributes a directory sends
beyond these (title, phone numbers, addresses …) are ignored, as Entra ID and
Okta expect of a service that does not keep them.
"""

from typing import Annotated, Any

from pydantic import Field, field_validator
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    External,
    Filter,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)
from scim2_models.resources.resource import AnyExtension
from scim2_models.resources.user import Email

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
MAX_RESULTS = 200


class Name(ComplexAttribute):
    family_name: str | None = None
    """The family name of the User."""

    given_name: str | None = None
    """The given name of the User."""


class Manager(ComplexAttribute):
    value: Annotated[str | None, CaseExact.true] = None
    """The id of the SCIM resource representing the User's manager."""

    ref: Reference["User"] | None = Field(  # type: ignore[type-arg]
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    """The URI of the SCIM resource representing the User's manager."""


class EnterpriseUser(Extension):
    __schema__ = URN(ENTERPRISE_SCHEMA)

    employee_number: str | None = None
    """The employee id the HR import knows the person by."""

    department: str | None = None
    """Identifies the name of a department."""

    manager: Manager | None = None
    """The User's manager."""

    @field_validator("manager", mode="before")
    @classmethod
    def _manager_as_id(cls, value: Any) -> Any:
        # Entra ID sends the manager as its bare id ("value": "<id>") in PATCH requests.
        return {"value": value} if isinstance(value, str) else value


class User(Resource[AnyExtension]):
    __schema__ = URN(USER_SCHEMA)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    """Unique identifier for the User, as the directory knows them."""

    name: Name | None = None
    """The components of the user's name."""

    active: bool | None = None
    """Whether the person still belongs to the organisation."""

    emails: list[Email] | None = None
    """Email addresses for the User; Tandem keeps the primary one."""


DirectoryUser = User[EnterpriseUser]

CONFIG = ServiceProviderConfig(
    documentation_uri=None,
    patch=Patch(supported=True),
    bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_RESULTS),
    change_password=ChangePassword(supported=False),
    sort=Sort(supported=False),
    etag=ETag(supported=False),
    authentication_schemes=[
        AuthenticationScheme(
            type=AuthenticationScheme.Type.oauthbearertoken,
            name="OAuth Bearer Token",
            description="The organisation's token from Tandem's provisioning settings",
            spec_uri=Reference[External]("https://www.rfc-editor.org/info/rfc6750"),
            primary=True,
        )
    ],
)

# What Entra ID and Okta send that the RFCs do not foresee: attributes Tandem does not keep,
# a PATCH "remove" with a value, a PATCH path filter on an entry not there yet.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)

PROVIDER = ScimProvider(
    models=[User, EnterpriseUser],
    resource_types=[ResourceType.from_resource(DirectoryUser)],
    config=CONFIG,
    policy=POLICY,
)

"""AZ-02: every tenant-owned model is scoped; an unscoped query fails loudly."""

import pytest
from django.apps import apps
from django_scopes import ScopedManager, ScopeError, scope, scopes_disabled

from conftest import World
from tandem.core.models import Organization
from tandem.people.models import Employee


def tenant_models():
    return [
        model
        for model in apps.get_models()
        if model is not Organization
        and any(
            getattr(field, "related_model", None) is Organization and not field.auto_created
            for field in model._meta.get_fields()
        )
    ]


def test_there_are_tenant_models() -> None:
    assert Employee in tenant_models()


@pytest.mark.parametrize("model", tenant_models(), ids=lambda m: m._meta.label)
def test_tenant_model_uses_a_scoped_manager(model) -> None:
    # ScopedManager builds its manager class on the fly; its qualified name gives it away.
    manager_class = type(model._default_manager)
    assert manager_class.__qualname__ == type(ScopedManager(organization="x")).__qualname__, (
        f"{model._meta.label} must use ScopedManager(organization=...)"
    )
    with scope(), pytest.raises(ScopeError, match="organization"):
        model._default_manager.filter(pk=1)


@pytest.mark.django_db
def test_query_outside_a_scope_raises(world: World) -> None:
    # The autouse fixture relaxes scopes for set-up; re-enable them as production runs.
    with scope(), pytest.raises(ScopeError):
        list(Employee.objects.all())


@pytest.mark.django_db
def test_query_inside_a_scope_sees_only_that_organisation(world: World) -> None:
    with scope(organization=world.other_organization):
        assert {e.employee_id for e in Employee.objects.all()} == {"E0001"}
        assert Employee.objects.filter(employee_id="E0100").count() == 0
    with scopes_disabled():
        assert Employee.objects.filter(employee_id="E0001").count() == 2

"""The results export views: a cohort's aggregates as CSV and XLSX downloads."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from conftest import World, client_for
from tandem.programs.models import Cohort
from tandem.programs.tests.factories import CohortFactory, TandemFactory
from tandem.reports import exports
from tandem.reports.selectors import cohort_results


def _cohort(world: World) -> Cohort:
    cohort = CohortFactory(organization=world.organization, name="=Jahrgang 2026")
    TandemFactory(cohort=cohort, state="accepted")
    return cohort


def _url(world: World, name: str, cohort: Cohort) -> str:
    kwargs = {"org_slug": world.organization.slug, "public_id": cohort.public_id}
    return reverse(name, kwargs=kwargs)


def test_the_csv_download_is_the_cohorts_results_formula_safe(world):
    cohort = _cohort(world)

    response = client_for(world, "observer").get(
        _url(world, "reports:export_csv", cohort), secure=True
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    table_rows = exports.rows(cohort_results(cohort))
    assert response.content == exports.to_csv(table_rows, language="de")  # the reader's
    text = io.StringIO(response.content.decode("utf-8-sig"), newline="")
    table = list(csv.reader(text, delimiter=";"))
    assert table[2][1] == "'=Jahrgang 2026"  # the cohort's name, not a formula


def test_the_xlsx_download_opens_with_the_same_rows(world):
    cohort = _cohort(world)

    response = client_for(world, "program_manager").get(
        _url(world, "reports:export_xlsx", cohort), secure=True
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    read = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    written = [row for row in exports.rows(cohort_results(cohort)) if row]
    assert len([row for row in read if any(value is not None for value in row)]) == len(written)
    assert any(value == "=Jahrgang 2026" for row in read for value in row)
    assert all(
        cell.quotePrefix
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == "=Jahrgang 2026"
    )
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_download_names_keep_umlauts_and_quotes_cannot_break_the_header(world):
    """ "Frühjahr" became fruhjahr.csv (issue 14, IO-08)."""
    cohort = CohortFactory(organization=world.organization, name='Frühjahr "Süd" 2026')
    TandemFactory(cohort=cohort, state="accepted")

    response = client_for(world, "observer").get(
        _url(world, "reports:export_csv", cohort), secure=True
    )

    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''ergebnisse-fr%C3%BChjahr-s%C3%BCd-2026.csv" in disposition
    assert disposition.count('"') == 0 or disposition.count('"') == 2
    assert "\r" not in disposition
    assert "\n" not in disposition

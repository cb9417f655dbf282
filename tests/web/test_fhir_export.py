"""The FHIR export: every resource validates against the fhir.resources models, with LOINC codes.

fhir.resources 8 ships FHIR R4B (4.3.0), whose QuestionnaireResponse, Observation and Bundle are
the same as R4's for what psoas writes; the export is validated against those models.
"""

import httpx
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse


def test_results_export_as_valid_questionnaire_responses_and_observations(server: str) -> None:
    httpx.post(
        f"{server}/api/questionnaires/phq9/results",
        # Dated in the past: told today, item 9 would make this shared server's day grounding only.
        json={"answers": [1, 2, 0, 3, 1, 1, 2, 0, 1], "taken_on": "2026-10-01"},
    )
    httpx.post(f"{server}/api/questionnaires/pcl5/results", json={"answers": [2] * 20})
    response = httpx.get(f"{server}/export.fhir.json")
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(response.json())
    resources = [entry.resource for entry in bundle.entry or []]
    responses = [r for r in resources if isinstance(r, QuestionnaireResponse)]
    observations = [r for r in resources if isinstance(r, Observation)]
    assert responses
    assert len(responses) == len(observations)

    phq9 = next(r for r in responses if r.questionnaire == "http://loinc.org/q/44249-1")
    assert [item.answer[0].valueInteger for item in phq9.item or [] if item.answer] == [
        1,
        2,
        0,
        3,
        1,
        1,
        2,
        0,
        1,
    ]
    total = next(o for o in observations if o.code.coding and o.code.coding[0].code == "44261-6")
    assert total.valueInteger == 11
    assert total.code.coding[0].system == "http://loinc.org"
    assert total.interpretation[0].text == "moderate"
    pcl5 = next(o for o in observations if o.code.coding and o.code.coding[0].code == "101698-9")
    assert pcl5.valueInteger == 40
    assert {c.valueInteger for c in pcl5.component or []} == {10, 4, 14, 12}


def test_results_export_as_csv_with_every_answer(server: str) -> None:
    httpx.post(f"{server}/api/questionnaires/gad7/results", json={"answers": [0, 1, 2, 3, 0, 1, 2]})
    lines = httpx.get(f"{server}/export-questionnaires.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0] == "result_id,instrument,taken_at,total,band,flags,answers"
    assert any(",gad7," in line and line.endswith(",9,mild,,0;1;2;3;0;1;2") for line in lines[1:])

"""Questionnaire results as FHIR R4 resources: a QuestionnaireResponse and an Observation of the total.

Codes are LOINC: the questionnaire's panel code names the Questionnaire (LOINC's canonical
http://loinc.org/q/{code}), the total's code names the Observation.
"""

import uuid
from typing import Any

from psoas.measures.instrument import Instrument
from psoas.measures.scoring import Score

LOINC = "http://loinc.org"
# Stable ids: the same stored result always exports as the same resource.
NAMESPACE = uuid.UUID("8f4f3c2e-6b1d-4d5e-9a57-2f0c1e3b7a10")


def resource_id(kind: str, result_id: int) -> str:
    """A stable UUID for a result's resource of this kind."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{result_id}"))


def questionnaire_response(
    instrument: Instrument, score: Score, result_id: int, authored: str
) -> dict[str, Any]:
    """The answers, item by item, as a completed QuestionnaireResponse."""
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id("QuestionnaireResponse", result_id),
        "status": "completed",
        "authored": authored,
        "item": [
            {
                "linkId": str(item.number),
                "text": item.text,
                **({"answer": [{"valueInteger": answer}]} if answer is not None else {}),
            }
            for item, answer in zip(instrument.items, score.answers, strict=True)
        ],
    }
    if instrument.loinc_panel:
        response["questionnaire"] = f"{LOINC}/q/{instrument.loinc_panel}"
    return response


def total_observation(instrument: Instrument, score: Score, result_id: int, effective: str) -> dict[str, Any]:
    """The total score as a survey Observation derived from the QuestionnaireResponse."""
    code: dict[str, Any] = {"text": f"{instrument.short_name} total score"}
    if instrument.loinc_total:
        code["coding"] = [{"system": LOINC, "code": instrument.loinc_total, "display": code["text"]}]
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id("Observation", result_id),
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": code,
        "effectiveDateTime": effective,
        "valueInteger": score.total,
        "derivedFrom": [{"reference": f"urn:uuid:{resource_id('QuestionnaireResponse', result_id)}"}],
    }
    if score.band:
        observation["interpretation"] = [{"text": score.band}]
    if score.clusters:
        observation["component"] = [
            {"code": {"text": f"{instrument.short_name} cluster {cluster} severity"}, "valueInteger": value}
            for cluster, value in score.clusters.items()
        ]
    return observation


def results_bundle(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A collection Bundle of resources, each addressed by its urn:uuid."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{e['id']}", "resource": e} for e in entries],
    }

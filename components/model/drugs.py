"""Drug vocabulary: the event category and route names, and the classes drugs are grouped in
(the drug lane's rows, the phases, corticosteroid exposure), by generic or product name."""

from __future__ import annotations

#: The `category` of a drug row and the `route` of an intrathecal dose.
DRUG = "drug"
INTRATHECAL = "IT"

CORTICOSTEROID = "Corticosteroid"
INTRATHECAL_CHEMOTHERAPY = "Intrathecal chemotherapy"
ANTI_CYTOKINE = "Anti-cytokine"
ANTI_SEIZURE = "Anti-seizure"
LYMPHODEPLETION = "Lymphodepletion"
CAR_T = "CAR-T"
OTHER_DRUG = "Other drug"
#: Drug classes in the order their rows stack in the drug lane, top to bottom.
DRUG_CLASSES = (
    LYMPHODEPLETION,
    CAR_T,
    CORTICOSTEROID,
    ANTI_CYTOKINE,
    ANTI_SEIZURE,
    INTRATHECAL_CHEMOTHERAPY,
    OTHER_DRUG,
)

#: Systemic corticosteroids by generic name (lower case); their dexamethasone equivalents are
#: `clinical.steroids.EQUIVALENT_DOSE_MG`.
CORTICOSTEROIDS = (
    "dexamethasone",
    "methylprednisolone",
    "prednisolone",
    "prednisone",
    "hydrocortisone",
)

#: Drug classes by generic or product name (lower case); route IT makes any drug intrathecal.
DRUG_CLASS_OF: dict[str, str] = {
    **dict.fromkeys(CORTICOSTEROIDS, CORTICOSTEROID),
    **dict.fromkeys(("tocilizumab", "siltuximab", "anakinra"), ANTI_CYTOKINE),
    **dict.fromkeys(
        ("levetiracetam", "lacosamide", "brivaracetam", "valproate", "phenytoin"), ANTI_SEIZURE
    ),
    **dict.fromkeys(("cyclophosphamide", "fludarabine", "bendamustine"), LYMPHODEPLETION),
    **dict.fromkeys(
        (
            "axicabtagene ciloleucel",
            "tisagenlecleucel",
            "lisocabtagene maraleucel",
            "brexucabtagene autoleucel",
            "idecabtagene vicleucel",
            "ciltacabtagene autoleucel",
            "obecabtagene autoleucel",
        ),
        CAR_T,
    ),
}


def drug_class(item: str, route: str) -> str:
    """The class a drug row belongs to: route IT first, then the drug's name."""
    if route == INTRATHECAL:
        return INTRATHECAL_CHEMOTHERAPY
    return DRUG_CLASS_OF.get(item.strip().lower(), OTHER_DRUG)

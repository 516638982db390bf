"""Valid answers for each of the six forms, shared by the rule, the submission, the wizard and the browser
tests; the documents each form asks for, always or after some answers."""

from __future__ import annotations

import json
from typing import Any

PERSON = {
    "last_name": "Diop", "first_names": "Awa Marie", "sex": "female", "date_of_birth": "1990-05-01",
    "place_of_birth": "Dakar", "nationality": "Sénégalaise", "identity_document_type": "national_id_card",
    "national_id_number": "1 234 567 890 123",
    "address": "12 rue Carnot\nPlateau", "city": "Dakar", "phone": "+221 77 123 45 67", "email": "Awa.Diop@Example.ORG",
}
VALID: dict[str, dict[str, Any]] = {
    "employee": {
        **PERSON, "civil_status": "single", "has_current_employer": "true", "employer_name": "Hôpital Principal",
        "employer_registration_number": "EMP-1234", "is_doctor": "false",
        "dependants": [{"last_name": "Diop", "first_names": "Moussa", "date_of_birth": "2015-02-28", "sex": "male"}],
    },
    "self_employed": {
        **PERSON, "trade_name": "Couture Awa", "isic_class": "1410", "activity_start_date": "12/03/2018",
        "business_address": "Marché HLM, boutique 14", "business_city": "Dakar", "declared_income": "150 000",
        "income_period": "monthly",
    },
    "voluntary_contributor": {
        **PERSON,
        "previous_employers": [
            {"employer_name": "Sonatel", "registration_number": "1234567", "from": "2012-01-01", "to": "2020-12-31"},
            {"employer_name": "Banque Atlantique", "from": "2008-03-01", "to": "2011-12-31"},
        ],
        "earnings_history": [{"year": "2020", "amount": "4 800 000"}, {"year": "2019", "amount": "4500000,50"}],
        "previous_year_income": "1200000",
    },
    "survivor": {
        **PERSON, "applying_for_minor": "false", "deceased_last_name": "Diop", "deceased_first_names": "Ibrahima",
        "deceased_date_of_birth": "1950-01-01", "deceased_date_of_death": "2026-01-10", "relationship": "spouse",
    },
    "employer": {
        "legal_name": "Clinique du Cap SA", "legal_form": "public_limited_company",
        "business_registration_number": "SN-DKR-2020-B-12345", "tax_id": "0012345 2G3",
        "date_of_incorporation": "2020-02-01",
        "isic_primary": "8610", "is_health_care_provider": "false", "headcount": "42",
        "date_of_first_hire": "2020-03-01",
        "address": "Route de la Corniche", "city": "Dakar", "phone": "+221 33 823 45 67",
        "email": "contact@clinique.sn",
        "representative_last_name": "Sow", "representative_first_names": "Fatou",
        "representative_function": "Directrice",
        "representative_email": "fatou.sow@clinique.sn", "representative_phone": "+221 77 123 45 67",
        "bank_name": "Société Générale Sénégal", "account_format": "iban", "iban": "SN88 SN01 0015 2000 0102 0000 0123",
        "bic": "sgsnsnda",
    },
    "financial_institution": {
        "legal_name": "Banque de l’Atlantique", "bic": "DEUTDEFF", "licence_number": "A-0123/2010",
        "address": "2 avenue Léopold Sédar Senghor", "city": "Dakar", "phone": "+221 33 823 45 67",
        "email": "info@banque.sn",
        "contact_last_name": "Ba", "contact_first_names": "Ousmane", "contact_function": "Directeur des opérations",
        "contact_email": "o.ba@banque.sn", "contact_phone": "+221 77 123 45 67",
        "payment_contact_last_name": "Ndiaye", "payment_contact_first_names": "Aïssatou",
        "payment_contact_function": "Responsable des virements", "payment_contact_email": "a.ndiaye@banque.sn",
        "payment_contact_phone": "+221 77 765 43 21",
    },
}

MINOR = {"minor_last_name": "Diop", "minor_first_names": "Khady", "minor_sex": "female",
         "minor_date_of_birth": "2014-09-01", "minor_place_of_birth": "Thiès"}

# The documents each form always asks for (read from the shipped files, written out here on purpose).
MANDATORY = {
    "employee": ["identity_document", "birth_certificate"],
    "self_employed": ["identity_document", "business_licence"],
    "voluntary_contributor": ["identity_document"],
    "survivor": ["death_certificate", "proof_of_relationship"],
    "employer": ["business_registration_certificate", "representative_identity"],
    "financial_institution": ["banking_licence", "authorisation_letter"],
}
# Answers that make one more document required: (form, changes, document kind, its French label).
CONDITIONAL = {
    "married": ("employee", {"civil_status": "married"}, "marriage_certificate", "Acte de mariage"),
    "doctor": ("employee", {"is_doctor": "true", "medical_licence_number": "ONMS/12345"}, "medical_licence",
               "Autorisation d’exercer la médecine"),
    "guardian of a minor": ("survivor", {"applying_for_minor": "true", **MINOR}, "guardianship_order",
                            "Jugement ou ordonnance de tutelle"),
    "health-care provider": ("employer", {"is_health_care_provider": "true", "facility_licence_number": "MS-2020-0042"},
                             "facility_licence", "Autorisation d’ouverture de l’établissement de santé"),
}


def values(kind: str, **changes: Any) -> dict[str, Any]:
    """A fresh deep copy of the valid answers of `kind`, with `changes`."""
    return {**json.loads(json.dumps(VALID[kind])), **changes}

from registration.models.case import (
    PROTECTION_FIELDS,
    BirthDatePrecision,
    Case,
    CaseReferenceCounter,
    ClosureReason,
    Sex,
    State,
    VitalStatus,
    Witness,
)
from registration.models.records import AccessLog, CaseEvent, SupportingDocument
from registration.models.reference import (
    Cercle,
    Commune,
    Court,
    CourtDocumentRequirement,
    DocumentType,
    Organisation,
    Region,
    RegistryCentre,
)
from registration.models.staff import Role, StaffProfile

__all__ = [
    "PROTECTION_FIELDS",
    "AccessLog",
    "BirthDatePrecision",
    "Case",
    "CaseEvent",
    "CaseReferenceCounter",
    "Cercle",
    "ClosureReason",
    "Commune",
    "Court",
    "CourtDocumentRequirement",
    "DocumentType",
    "Organisation",
    "Region",
    "RegistryCentre",
    "Role",
    "SupportingDocument",
    "Sex",
    "State",
    "StaffProfile",
    "VitalStatus",
    "Witness",
]

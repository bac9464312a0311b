from .dissemination import AcknowledgementCounter, Dissemination, Recipient
from .document import OfficialDocument
from .document_type import DocumentType
from .number_series import NumberSeries

__all__ = [
    "AcknowledgementCounter",
    "Dissemination",
    "DocumentType",
    "NumberSeries",
    "OfficialDocument",
    "Recipient",
]

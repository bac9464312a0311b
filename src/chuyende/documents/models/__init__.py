from .dissemination import Dissemination, Recipient
from .document import OfficialDocument
from .document_type import DocumentType
from .number_series import NumberSeries

__all__ = ["Dissemination", "DocumentType", "NumberSeries", "OfficialDocument", "Recipient"]

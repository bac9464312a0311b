from .commitment import Commitment, CommitmentItem, CommitmentRevision, ReportingCadence
from .counters import ProgressCounter
from .progress import Evidence, ProgressReport
from .reminders import ReminderDigest, ReminderPreference

__all__ = [
    "Commitment",
    "CommitmentItem",
    "CommitmentRevision",
    "Evidence",
    "ProgressCounter",
    "ProgressReport",
    "ReminderDigest",
    "ReminderPreference",
    "ReportingCadence",
]

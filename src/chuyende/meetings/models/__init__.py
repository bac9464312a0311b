from .attendance import Attendance
from .grading import Evaluation, GradeCounter, ScoringTemplate
from .meeting import CalendarFeed, Material, Meeting
from .minutes import Minutes
from .plan import Plan, TopicAssignment

__all__ = [
    "Attendance",
    "CalendarFeed",
    "Evaluation",
    "GradeCounter",
    "Material",
    "Meeting",
    "Minutes",
    "Plan",
    "ScoringTemplate",
    "TopicAssignment",
]

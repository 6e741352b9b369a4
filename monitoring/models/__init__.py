"""Indicators of the monitoring system (§1), their observations over time and by district or
other breakdown, qualitative assessments, and the quality reports that providers of
qualification programmes give per programme and period (§4.4)."""

from monitoring.models.indicators import RESERVED_CODES, Indicator, Progress, Trend
from monitoring.models.observations import Breakdown, Observation, QualitativeAssessment
from monitoring.models.programme_reports import (
    COMPETENCE_AREAS,
    SCORE_MAX,
    SCORE_MIN,
    ProgrammeReport,
    sees_every_programme,
)

__all__ = [
    "COMPETENCE_AREAS",
    "RESERVED_CODES",
    "SCORE_MAX",
    "SCORE_MIN",
    "Breakdown",
    "Indicator",
    "Observation",
    "Progress",
    "ProgrammeReport",
    "QualitativeAssessment",
    "Trend",
    "sees_every_programme",
]

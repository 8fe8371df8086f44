"""Settings of the cases app. Each can be set in Django settings (``CASES_<NAME>``); the
defaults are the values DOMAIN.md names, several of which it marks unverified."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Sổ thụ lý number: sequential per centre per year. Fields: seq, year, centre (abbreviation).
    "REGISTER_NUMBER_FORMAT": "{seq:03d}/{year}/TL-{centre}",
    # The law says "answer immediately" (Art. 30(2)); the desk has this many working days.
    "ANSWER_DAYS": 1,
    # Urgent cases accepted before the papers are complete: papers due within (unverified: 5).
    "PAPERS_DAYS": 5,
    # Quyết định cử after acceptance (commonly cited as 3 working days, unverified).
    "APPOINTMENT_DAYS": 3,
    # Answer to a replacement request (verified: 3 working days).
    "REPLACEMENT_DAYS": 3,
    # Appraisal: assigned within ASSIGN days of completion, done within APPRAISAL days.
    "APPRAISAL_ASSIGN_DAYS": 3,
    "APPRAISAL_DAYS": 5,
    # The public survey link printed on the Phiếu hẹn stays valid this many calendar days.
    "SURVEY_LINK_DAYS": 180,
    # Uploaded scans and results.
    "MAX_UPLOAD_MB": 10,
}


def get(name: str):
    return getattr(settings, f"CASES_{name}", DEFAULTS[name])

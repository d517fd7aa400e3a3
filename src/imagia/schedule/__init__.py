"""Shooting schedule and budget (use cases ``shooting-schedule`` and ``budgeting``).

Modules, one job each: ``talent`` (the classical talent-scheduling problem), ``scenes`` (scene
lists and production constraints), ``model`` (the CP-SAT stripboard model, infeasibility
explanation, minimal-change replan), ``checker`` (an independent checker of any schedule),
``reports`` (DOOD, call sheets), ``export`` (JSON, XLSX, ICS, PDF), ``budget`` (top sheet from a
rate card), ``jobs`` (job entries), ``demo`` (the demo example). Heavy libraries (ortools,
openpyxl, reportlab) are imported inside functions.
"""

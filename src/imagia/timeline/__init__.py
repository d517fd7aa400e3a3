"""Timelines: edits and selects as CMX3600 EDL, OpenTimelineIO and FCPXML.

:mod:`model` is the timeline every format reads and writes; :mod:`edl`, :mod:`fcpxml` and
:mod:`otio` one format each; :mod:`io` picks one by name or suffix; :mod:`cuts` turns an edited
programme's shots into a timeline; :mod:`selects` turns moments found by search into one.
"""

"""Promotional content: social reframing, smart-camera framing and trailer highlights.

Use cases of the study: *Création de contenus promotionnels* (``promo-content``), *Caméras
intelligentes* (``smart-cameras``) and *Création de bandes-annonces* (``trailers``). The tools
are declared in :mod:`imagia.promo.declare`; the code is imported when a tool runs.
"""

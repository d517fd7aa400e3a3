"""What the two HTTP faces share: the JSON API (:mod:`imagia.api`) and the pages
(:mod:`imagia.web`) both start jobs, receive uploads and show jobs, professions and the media
index the same way, through these modules; neither face imports the other, and the app that
mounts both is :mod:`imagia.app`. (Face recognition is :mod:`imagia.index.faces`.)
"""

"""The web app: server-rendered pages (Jinja2) in French and English, served offline."""

"""Jinja2 templates of the letters (a package only so that packaging ships the HTML files)."""

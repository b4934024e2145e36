"""HTML templates for the PDF renditions of e-mails and plain-text files (package data)."""

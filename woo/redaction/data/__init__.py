"""Word lists shipped with the redaction engine (given names and surnames for name detection)."""

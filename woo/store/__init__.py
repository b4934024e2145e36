"""The store: tables, migrations, the audit-log writer, numbering and atomic file writes."""

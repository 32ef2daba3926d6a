"""Word templates and the documents generated from them (issue: docgen)."""

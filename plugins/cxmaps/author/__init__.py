"""Writing the team's own files: init, new, CSV import and CODEOWNERS, never half-written."""

"""Every command, action, callback and block id: used by both the builders and the handlers."""

# Slash commands (manifest.yml lists exactly the registered ones; a test checks it).
CASE_COMMAND = "/case"

# Block ids.
CASE_SUMMARY_BLOCK = "case_summary"
CASE_HELP_BLOCK = "case_help"
ERROR_BLOCK = "error"

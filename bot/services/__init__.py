"""The domain: cases, tasks, reminders, digests, audit. No Slack imports here."""

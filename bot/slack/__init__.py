"""The Slack-facing edge: the Bolt app, the HTTP server, delivery of the outbox, the directory."""

"""Slack surfaces: each module turns payloads into one service call and ends with register(app)."""

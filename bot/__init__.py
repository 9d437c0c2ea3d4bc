"""Docket: a Slack bot that keeps legal case teams on deadline."""

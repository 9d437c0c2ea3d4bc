"""Tests of the offline Slack stand-in (bot/sandbox)."""

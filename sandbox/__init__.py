"""The offline Slack stand-in: fake Web API server, request driver and transcript renderer."""

"""Settings: defaults, URL normalisation and one clear line per bad variable."""

from datetime import time

import pytest

from bot.config import ConfigError, load_settings


def test_defaults_without_slack_mean_sandbox():
    settings = load_settings({})
    assert not settings.has_slack
    assert settings.database_url == "sqlite:///docket.db"
    assert settings.timezone == "America/New_York"
    assert settings.default_due_time == time(17, 0)
    assert settings.api_url == "https://slack.com/api/"


@pytest.mark.parametrize("url", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_psycopg(url):
    assert load_settings({"DATABASE_URL": url}).database_url == "postgresql+psycopg://u@h/db"


def test_http_and_socket_modes():
    http = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert http.has_slack and not http.socket_mode
    sock = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert sock.socket_mode


def test_sending_settings():
    assert (load_settings({}).send_workers, load_settings({}).posts_per_minute) == (4, 600)
    given = {"DOCKET_SEND_WORKERS": "8", "DOCKET_POSTS_PER_MINUTE": "0"}
    assert (load_settings(given).send_workers, load_settings(given).posts_per_minute) == (8, 0)


def test_the_urgent_share_of_the_workspace_budget():
    assert load_settings({}).urgent_posts_per_minute == 30
    given = {"DOCKET_POSTS_PER_MINUTE": "100", "DOCKET_URGENT_POSTS_PER_MINUTE": "10"}
    assert load_settings(given).urgent_posts_per_minute == 10
    off = {"DOCKET_POSTS_PER_MINUTE": "0"}  # no pacing: the share is not used
    assert load_settings(off).posts_per_minute == 0
    for bad in ("0", "100", "250", "ten"):
        with pytest.raises(ConfigError) as caught:
            load_settings({"DOCKET_POSTS_PER_MINUTE": "100", "DOCKET_URGENT_POSTS_PER_MINUTE": bad})
        assert "DOCKET_URGENT_POSTS_PER_MINUTE" in str(caught.value)
    with pytest.raises(ConfigError) as caught:  # the default share does not fit a small budget
        load_settings({"DOCKET_POSTS_PER_MINUTE": "20"})
    assert "less than DOCKET_POSTS_PER_MINUTE (20)" in str(caught.value)
    assert "DOCKET_URGENT_POSTS_PER_MINUTE=1" in str(caught.value)


def test_courier_workers():
    assert load_settings({}).courier_workers == 8
    assert load_settings({"DOCKET_COURIER_WORKERS": "4"}).courier_workers == 4


def test_api_url_gets_trailing_slash():
    assert load_settings({"SLACK_API_URL": "http://127.0.0.1:9/api"}).api_url.endswith("/api/")


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DOCKET_TIMEZONE": "Mars/Olympus"}, "DOCKET_TIMEZONE"),
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "nope"}, "SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "slack.com"}, "SLACK_API_URL"),
        ({"DOCKET_DUE_TIME": "5pm"}, "DOCKET_DUE_TIME"),
        ({"DOCKET_SEND_WORKERS": "0"}, "DOCKET_SEND_WORKERS"),
        ({"DOCKET_POSTS_PER_MINUTE": "600/min"}, "DOCKET_POSTS_PER_MINUTE"),
        ({"DOCKET_COURIER_WORKERS": "0"}, "DOCKET_COURIER_WORKERS"),
        ({"DOCKET_COURIER_WORKERS": "many"}, "DOCKET_COURIER_WORKERS"),
    ],
)
def test_bad_setting_names_the_variable(env, variable):
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    message = str(caught.value)
    assert variable in message and "\n" not in message

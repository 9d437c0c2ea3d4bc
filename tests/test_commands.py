"""Parsing of command arguments."""

import pytest

from bot.commands import parse_case_new, split_subcommand


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("", "")),
        ("   ", ("", "")),
        ("NEW Smith v. Jones", ("new", "Smith v. Jones")),
        ("help", ("help", "")),
    ],
)
def test_split_subcommand(text, expected):
    assert split_subcommand(text) == expected


@pytest.mark.parametrize(
    ("rest", "expected"),
    [
        ("Smith v. Jones 2026-CV-0142", ("Smith v. Jones", "2026-CV-0142")),
        ("Smith v. Jones 1:26-cv-00142", ("Smith v. Jones", "1:26-cv-00142")),
        ("Smith v. Jones", ("Smith v. Jones", None)),
        ("Estate of Case 2", ("Estate of Case 2", None)),
        ("2026-CV-0142", ("2026-CV-0142", None)),
        ("Acme  Corp   v.  Roe  24/117", ("Acme Corp v. Roe", "24/117")),
    ],
)
def test_parse_case_new(rest, expected):
    assert parse_case_new(rest) == expected

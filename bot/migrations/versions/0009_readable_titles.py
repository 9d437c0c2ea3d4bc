"""old task and series titles and task notes rewritten as the code stores them now (no pings)

Revision ID: 0009
Revises: 0008

Since 0f12102 a title is stored as typed: a user mention as @ and the person's stored name
(<@U123|pat> -> @pat), @channel/@here and groups as plain words (<!channel> -> @channel,
<!subteam^S1|@lawyers> -> @lawyers), a channel as #name (<#C1|smith> -> #smith); the
zero-width space after every @ is added when text is shown (bot/blocks/common.escape), not
stored. Rows written before still hold the Slack tokens; this rewrites them into that form.

The rewrite is a frozen copy of what the code did at this revision (bot/handlers/common.py
Request.named, then bot/commands.plain_text), not an import of it: a migration is history and
must give the same result when it runs years later on an old database, after those functions
have changed or moved. One difference, on purpose: the code also undoes Slack's &amp; &lt; &gt;
escaping of the command text; stored rows were already unescaped, so this does not (a typed
"&amp;" stays "&amp;"). The person's name comes from userprofile (what Directory.profile reads
first); without one, the mention's own label, else "someone", as the code does.
tests/test_migrations.py checks the copy against the code as it is now.

Downgrade changes nothing: the schema is the same, the code at 0008 already stores readable
titles, and the tokens cannot be put back (which id an @name was is not kept).
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TEXT_MAX = 4000  # task.title and series.title are VARCHAR(4000)
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
SLACK_TOKEN = re.compile(r"<([@#!])([^<>|]*)(?:\|([^<>]*))?>")


def readable(text: str, names: dict[str, str]) -> str:
    """Slack tokens in stored text as the code stores them now (names: user id -> name)."""

    def person(match: re.Match[str]) -> str:
        label = match.group(0)[:-1].partition("|")[2].lstrip("@")
        return f"@{names.get(match.group(1)) or label or 'someone'}"

    def typed(match: re.Match[str]) -> str:
        sigil, target, label = match.groups()
        shown = label or (target.split("^")[0] if sigil == "!" else target)
        prefix = "@" if sigil == "!" else sigil
        return shown if shown.startswith(prefix) else prefix + shown

    return SLACK_TOKEN.sub(typed, USER_MENTION.sub(person, text))


def _rewrite(bind, table: sa.TableClause, columns: tuple[str, ...], names: dict[str, str]) -> int:
    """Rewrite the rows of `table` whose `columns` hold a token; how many rows changed."""
    holds = sa.or_(*(table.c[name].like("%<%") for name in columns))
    rows = bind.execute(sa.select(table.c.id, *(table.c[n] for n in columns)).where(holds)).all()
    changed = 0
    for row in rows:
        values = {}
        for name in columns:
            old = getattr(row, name)
            if old is None:
                continue
            new = readable(old, names)
            if name == "title":
                new = new[:TEXT_MAX]
            if new != old:
                values[name] = new
        if values:
            bind.execute(table.update().where(table.c.id == row.id).values(**values))
            changed += 1
    return changed


def upgrade() -> None:
    """Rewrite the tokens in task titles and notes and in series titles."""
    bind = op.get_bind()
    task = sa.table(
        "task", sa.column("id", sa.Integer), sa.column("title", sa.String), sa.column("notes")
    )
    series = sa.table("series", sa.column("id", sa.Integer), sa.column("title", sa.String))
    profile = sa.table("userprofile", sa.column("id", sa.String), sa.column("name", sa.String))
    names = {p.id: p.name for p in bind.execute(sa.select(profile.c.id, profile.c.name)) if p.name}
    _rewrite(bind, task, ("title", "notes"), names)
    _rewrite(bind, series, ("title",), names)


def downgrade() -> None:
    """Nothing to undo: the schema is unchanged and 0008's code stores readable titles too."""

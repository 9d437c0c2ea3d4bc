"""Every command, action, callback and block id: used by both the builders and the handlers."""

# Slash commands (manifest.yml lists exactly the registered ones; a test checks it).
CASE_COMMAND = "/case"
TASK_COMMAND = "/task"
DEADLINE_COMMAND = "/deadline"

# Buttons and menus (action ids).
DONE_ACTION = "task_done"
REOPEN_ACTION = "task_reopen"
SNOOZE_ACTION = "task_snooze_day"
REASSIGN_ACTION = "task_reassign"
ACCEPT_ACTION = "task_accept"
OPEN_CASE_ACTION = "open_case"
PICK_DATE_ACTION = "pick_date"
# One per offered date: Slack refuses two elements with one action_id in a block.
PICK_DATE_ACTIONS = tuple(f"{PICK_DATE_ACTION}_{i}" for i in range(1, 6))
# A court deadline moved to a closed day: keep it, or the next court day (one button each).
PICK_DUE_ACTIONS = ("pick_due_1", "pick_due_2")
REASSIGN_USER_ACTION = "reassign_user"
# "Does today count?" for a repeat: one button per start offered.
PICK_START_ACTIONS = ("pick_start_today", "pick_start_later")

# Modals (callback ids).
REASSIGN_VIEW = "reassign_task"

# Block ids.
CASE_SUMMARY_BLOCK = "case_summary"
CASE_HELP_BLOCK = "case_help"
ERROR_BLOCK = "error"
TASK_CARD_BLOCK = "task_card"
TASK_ACTIONS_BLOCK = "task_actions"
QUESTION_BLOCK = "date_question"
REPEAT_QUESTION_BLOCK = "repeat_question"
REASSIGN_USER_BLOCK = "reassign_user_block"

# /case administration (block ids).
CASE_CHANGE_BLOCK = "case_change"
CASE_LIST_BLOCK = "case_list"

# Daily digests (command and block ids).
DIGEST_COMMAND = "/digest"
DIGEST_HEADER_BLOCK = "digest_header"
DIGEST_HELP_BLOCK = "digest_help"

# @Docket in the conversation (event type; block ids of the thread replies).
APP_MENTION_EVENT = "app_mention"
# Events about the installation and channels (Slack sends app_rate_limited unsubscribed).
TOKENS_REVOKED_EVENT = "tokens_revoked"
APP_UNINSTALLED_EVENT = "app_uninstalled"
CHANNEL_ARCHIVE_EVENT = "channel_archive"
CHANNEL_RENAME_EVENT = "channel_rename"
APP_RATE_LIMITED = "app_rate_limited"
# Who is in which channel, and who people are (kept in the database by these events).
MEMBER_JOINED_EVENT = "member_joined_channel"
MEMBER_LEFT_EVENT = "member_left_channel"
BOT_REMOVED_EVENTS = ("channel_left", "group_left")  # Docket was removed from a channel
UNARCHIVE_EVENTS = ("channel_unarchive", "group_unarchive")  # members may have changed meanwhile
USER_CHANGE_EVENT = "user_change"
TEAM_JOIN_EVENT = "team_join"
APP_HOME_OPENED_EVENT = "app_home_opened"
MENTION_REPLY_BLOCK = "mention_reply"

# Shortcuts (callback ids) and the buttons that open forms.
NEW_TASK_SHORTCUT = "new_task"
NEW_DEADLINE_SHORTCUT = "new_deadline"
MAKE_TASK_SHORTCUT = "make_task"
NEW_TASK_BUTTON = "open_new_task"
NEW_DEADLINE_BUTTON = "open_new_deadline"
SNOOZE_OPEN_ACTION = "task_snooze_modal"

# Forms (modal callback ids).
NEW_TASK_VIEW = "new_task_form"
NEW_DEADLINE_VIEW = "new_deadline_form"
DEADLINE_CONFIRM_VIEW = "new_deadline_confirm"
SNOOZE_VIEW = "snooze_task"
NOTICE_VIEW = "notice"

# Form fields: each input's block id is also its element's action id.
TITLE_FIELD = "f_title"
CASE_FIELD = "f_case"
ASSIGNEES_FIELD = "f_assignees"
ASSIGNEE_FIELD = "f_assignee"
DUE_FIELD = "f_due"
DUE_DATE_FIELD = "f_due_date"
DUE_TIME_FIELD = "f_due_time"
DUE_ECHO_BLOCK = "f_due_echo"
KIND_FIELD = "f_kind"
NOTES_FIELD = "f_notes"
COUNT_FIELD = "f_count"
UNIT_FIELD = "f_unit"
DIRECTION_FIELD = "f_direction"
EVENT_FIELD = "f_event"
TRIGGER_FIELD = "f_trigger"
MAIL_FIELD = "f_mail"
SNOOZE_FIELD = "f_snooze"
# New task, a court deadline due on a closed day: keep it or the next court day (radio buttons).
# The blocks asking are CLOSED_DAY_BLOCK + the due asked about, so a new date asks afresh.
CLOSED_DAY_FIELD = "f_closed_day"
CLOSED_DAY_BLOCK = "closed_day"

# /case close with open tasks: confirm (on the state asked about) or keep the case open.
CLOSE_CONFIRM_ACTION = "case_close_confirm"
CLOSE_KEEP_ACTION = "case_close_keep"
CLOSE_ASK_BLOCK = "case_close_ask"

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
REASSIGN_USER_ACTION = "reassign_user"

# Modals (callback ids).
REASSIGN_VIEW = "reassign_task"

# Block ids.
CASE_SUMMARY_BLOCK = "case_summary"
CASE_HELP_BLOCK = "case_help"
ERROR_BLOCK = "error"
TASK_CARD_BLOCK = "task_card"
TASK_ACTIONS_BLOCK = "task_actions"
QUESTION_BLOCK = "date_question"
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
MENTION_REPLY_BLOCK = "mention_reply"

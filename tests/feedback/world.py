"""The feedback routes in the shared walks (tests/app_worlds.py): one page, for everyone signed in.

Replying inside it is checked by Action.ANSWER_FEEDBACK in the service; a submitter sees only their own."""

PAGE_ACCESS = {"feedback:index": "signed_in"}

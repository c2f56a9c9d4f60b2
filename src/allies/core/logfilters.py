"""Logging filters: what the server log keeps of an expected refusal."""

import logging


class OneLineForbidden(logging.Filter):
    """A 403 (a volunteer trying an edit, say) is expected: log its one line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True

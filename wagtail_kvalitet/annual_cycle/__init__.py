"""The annual cycle (årshjul): its recurrence rules, page, completions, reminders and wheel."""

"""Calendar feeds (iCalendar, RFC 5545): the annual cycle's, and each person's due items."""

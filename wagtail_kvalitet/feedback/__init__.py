"""Cases from the feedback forms: receiving them safely, their deadlines, notices, reminders and retention."""

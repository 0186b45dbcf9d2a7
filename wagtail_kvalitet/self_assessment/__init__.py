"""The SOSFS 2011:9 self-assessment: figures computed from the system, judged by people, compared year on year."""

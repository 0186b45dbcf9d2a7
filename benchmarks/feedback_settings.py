"""Settings for the feedback form benchmark: the benchmark settings, with the spam limits out of the way.

One client posts hundreds of forms in a minute, which the rate limit and the minimum time on a
form would rightly refuse; the benchmark measures the cost of a submission, not the limits.
``benchmarks.feedback_urls`` adds the bare view it compares against.
"""

from benchmarks.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.feedback_urls"
KVALITET_FEEDBACK_RATE_LIMIT = 10**9
KVALITET_FEEDBACK_MIN_SECONDS = 0

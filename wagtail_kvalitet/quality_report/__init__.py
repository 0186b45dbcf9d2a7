"""The yearly quality report: a draft generated from the system, edited and published as a page of the manual."""

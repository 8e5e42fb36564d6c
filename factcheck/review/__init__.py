"""Human review: the reviews file (``file``) and the terminal triage loop (``terminal``)."""

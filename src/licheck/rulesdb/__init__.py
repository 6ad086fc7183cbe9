"""Rule files in, a RuleSet out: loading, checking, and the index that makes it fast."""

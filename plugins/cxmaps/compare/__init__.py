"""Two versions of the maps: git, the revisions compared, what changed, and the history."""

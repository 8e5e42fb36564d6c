"""Text helpers every stage shares: sentence spans and offsets, and the text of a name."""

"""Report layer: Indonesian rendering of the processed tables (formatting helpers first)."""

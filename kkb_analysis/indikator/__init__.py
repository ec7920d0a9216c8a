"""Indicator modules: one per domain, turning processed tables into additive counts and rates."""

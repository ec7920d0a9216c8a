"""Indicator modules: one per domain, each turning processed tables into additive counts and rates."""

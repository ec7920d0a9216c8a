"""kkb-analysis: KKB evaluation toolkit for DP3AP2KB Kota Cilegon."""

__version__ = "0.1.0"

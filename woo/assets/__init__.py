"""Stylesheets and images that rendered letters and documents may load (nothing else may be loaded)."""

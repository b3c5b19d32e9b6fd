"""Demo store generator (data/demo.py) and, git-ignored, the local DuckDB file."""

"""Command-line fronts: batch commands and the terminal chat."""

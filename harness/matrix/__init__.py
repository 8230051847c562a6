"""The version matrix (host side, Python 3.11+): matrix.toml and how its rows are built.

    table         load and validate matrix.toml into Row objects
    interpreters  find a Python X.Y on this machine without downloading one
    build         the steps of one row session (install, freeze, run cases)
    gha           the GitHub Actions job matrix, generated from the table
"""

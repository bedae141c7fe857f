"""The package list, which pyproject.toml alone cannot say: every `mentordesk` package,
plus the folder `resources/` at the root of the checkout, installed as the package data
`mentordesk.resources` (see [tool.setuptools.package-dir] and package-data)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["mentordesk", "mentordesk.*"]), "mentordesk.resources"])

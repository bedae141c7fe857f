"""Packages for setuptools: the code under mentordesk/, plus the top-level resources/ folder
shipped inside the wheel as the package data `mentordesk.resources`. (pyproject.toml alone
cannot combine package discovery with a folder mapped from outside the package; package
data is declared here only, since a pyproject.toml table would replace it.)"""

from pathlib import Path

from setuptools import find_packages, setup

# Each folder of resources/ becomes a data-only package, so its files are package data.
folders = [Path("resources"), *sorted(p for p in Path("resources").rglob("*") if p.is_dir())]
resource_packages = {
    ".".join(["mentordesk.resources", *folder.relative_to("resources").parts]): folder.as_posix()
    for folder in folders
    if "__pycache__" not in folder.parts
}

setup(
    packages=[*find_packages(include=["mentordesk", "mentordesk.*"]), *resource_packages],
    package_dir=resource_packages,
    package_data={
        **{name: ["*"] for name in resource_packages},
        # Alembic reads the migration scripts as files.
        "mentordesk.store.migrations": ["*.mako"],
    },
)

"""Which packages and data files setuptools installs; the rest is in pyproject.toml.

Every folder of ``awards_app/`` is found, so moving modules into new sub-packages needs no
change here. The repository keeps its resources (fonts, ``default_categories.json``,
``demo/``) in the top-level ``resources/`` folder; an install puts them inside the package as
``awards_app/resources``, where ``awards_app.paths.resources_dir()`` looks in an installed copy
(a ``[tool.setuptools.packages.find]`` table cannot add a package kept in another folder,
hence this file). The Alembic migrations are read as files, so ``script.py.mako`` rides along
as package data of ``awards_app.db.migrations``.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
RESOURCES = "resources"

NOT_PACKAGES = ["__pycache__", "*.__pycache__"]

code = find_namespace_packages(str(HERE), include=["awards_app", "awards_app.*"],
                               exclude=NOT_PACKAGES)
resources = ["awards_app.resources", *(
    f"awards_app.resources.{name}"
    for name in find_namespace_packages(str(HERE / RESOURCES), exclude=NOT_PACKAGES))]

setup(
    packages=[*code, *resources],
    package_dir={"awards_app.resources": RESOURCES},
    package_data={
        "awards_app.db.migrations": ["*.mako"],
        **{package: ["*"] for package in resources},
    },
)

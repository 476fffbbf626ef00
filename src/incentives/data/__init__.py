"""The course's sample data: load any table by name, typed and validated.

    from incentives.data import load, read_company
    leads = load("leads")                    # Company X's leads
    bikes = load("leads", company="velora")  # the capstone company's
    velora = read_company("velora")          # every file of a company, checked together

Every table is a CSV shipped with the library (the repository's ``data/`` folder), so
loading works from any folder: a lesson, a solution, nbgrader's grading folders, or an
installed copy of the course library. ``SCHEMAS`` (:mod:`incentives.data.schemas`) is the
data dictionary: every column's type, unit and meaning, and the checks a file must pass.
data/README.md shows the same tables, rendered from it.

This is the lowest layer: it imports pandas (and pandera to validate), nothing of the course.
"""

from incentives.data.company_files import CompanyFiles, read_company
from incentives.data.loader import (
    DEFAULT_COMPANY,
    DataFileError,
    companies,
    data_path,
    load,
    shipped_dir,
)
from incentives.data.schemas import (
    CHANNELS,
    COMPANY_TABLES,
    OUTCOMES,
    SCHEMAS,
    SEGMENTS,
    SHARED_TABLES,
    Column,
    table_names,
)

__all__ = [
    "CHANNELS",
    "COMPANY_TABLES",
    "DEFAULT_COMPANY",
    "CompanyFiles",
    "companies",
    "read_company",
    "OUTCOMES",
    "SCHEMAS",
    "SEGMENTS",
    "SHARED_TABLES",
    "Column",
    "DataFileError",
    "data_path",
    "load",
    "shipped_dir",
    "table_names",
]

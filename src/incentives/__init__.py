"""Marketing vs. Sales: the course library.

The library models how a pay rule steers what people do: marketing paid for cheap leads,
sales paid for revenue, and a company that can lose money while both meet their targets.
Its folders are its layers, each importing only the ones below it:

- ``incentives.data``: load the shipped tables by name; the data dictionary.
- ``incentives.model``: plans, marketing, sales, the company built from its files (no charts).
- ``incentives.views``: Altair charts in the course style, kept live in the labs.
- ``incentives.testing``: friendly messages for the lessons' visible tests (as
  ``numpy.testing``).
- ``incentives.labs``: the interactive labs (ipywidgets), controls only.
- ``incentives.course``: the ``course`` command: a student's work folder, and the
  instructor's lessons, grading and reports (nbgrader), which the student edition leaves out.

Notebooks import names explicitly, for example ``from incentives.model import company_x``.
Importing this package is cheap on purpose: it imports none of its layers.

The data and model layers (and the checks) need only NumPy, pandas and pandera, the
package's base dependencies: ``pip install incentives`` is enough for a program that runs
the model. The views and labs need the ``lab`` extra (Altair, ipywidgets), the ``course``
command and the reading site the ``course`` extra (JupyterLab, nbgrader, Voila).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

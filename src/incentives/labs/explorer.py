"""CompanyExplorer: pick a company, or upload your own, and run the company labs on it.

from incentives.labs import CompanyExplorer
explorer = CompanyExplorer()        # Company X; the picker offers Velora too
explorer.choose("velora")           # what the dropdown does
explorer.upload({"company.csv": b"...", "products.csv": b"...", ...})  # what the button does

The explorer app (app/explorer.ipynb) shows one. A company's files are checked before any
lab changes: a bad file shows its error (file, column, row, problem) above the labs, and
the labs keep the company they had. Uploaded files are read from the browser's upload,
never from a path on the server.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from incentives.data import DataFileError
from incentives.i18n import N_, _
from incentives.labs.alignment import AlignmentLab
from incentives.labs.budget import BudgetLab
from incentives.labs.commission import CommissionLab
from incentives.model.build import company_and_leads
from incentives.views.live import static_page
from incentives.views.page import stacked, vegalite_bundle
from incentives.views.theme import PALETTE

CHOICES = [
    (N_("Company X (gates and spare parts)"), "company_x"),
    (N_("Velora (e-bikes)"), "velora"),
]
UPLOADED = "uploaded"


class CompanyExplorer:
    """A company picker above the commission, budget and alignment labs of that company.

    Attributes:
        commission, budget, alignment: The labs now shown (rebuilt for each company).
        message: Where a file's error is shown (empty when all is well).
        company_name: The name of the company the labs show.
    """

    def __init__(self, company: str = "company_x"):
        self.picker = widgets.Dropdown(
            options=_choices(),
            value=company,
            description=_("Company"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="360px"),
        )
        self.upload_button = widgets.FileUpload(
            accept=".csv",
            multiple=True,
            description=_("Your company's CSV files"),
            layout=widgets.Layout(width="260px"),
        )
        self.message = widgets.HTML()
        note = _(
            "Your own company: upload company.csv, products.csv, campaigns.csv, "
            "campaign_products.csv and reps.csv (leads.csv too, for the replay), in the "
            "columns of data/README.md."
        )
        self.note = widgets.HTML(f"<small>{note}</small>")
        self.labs_area = widgets.VBox()
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.picker, self.upload_button]),
                self.note,
                self.message,
                self.labs_area,
            ]
        )
        self._show(*company_and_leads(company))
        self.picker.observe(lambda change: self.choose(change["new"]), names="value")
        self.upload_button.observe(self._uploaded, names="value")

    def choose(self, name: str) -> None:
        """Show a shipped company (``"company_x"`` or ``"velora"``)."""
        if name == UPLOADED:
            return
        self._try(lambda: company_and_leads(name))

    def upload(self, files: Mapping[str, bytes | str]) -> None:
        """Show the company in uploaded files, ``{"company.csv": content, ...}``."""

        if self._try(lambda: company_and_leads(files)):
            yours = _("Your files: {company}").format(company=self.company_name)
            self.picker.options = [*_choices(), (yours, UPLOADED)]
            self.picker.value = UPLOADED

    def _uploaded(self, change) -> None:
        files = {item["name"]: bytes(item["content"]) for item in change["new"]}
        if files:
            self.upload(files)

    def _try(self, read) -> bool:
        """Show what ``read()`` gives; on a bad file show its error and keep the labs."""
        try:
            company, leads = read()
            self._show(company, leads)
        except (DataFileError, ValueError) as error:
            text = html.escape(str(error)).replace("\n", "<br>")
            refused = _("These files cannot be used:")
            still = _("The labs below still show {company}.").format(
                company=html.escape(self.company_name)
            )
            self.message.value = (
                f"<div style='color:{PALETTE['alert']}'><b>{refused}</b><br>{text}<br>{still}</div>"
            )
            return False
        self.message.value = ""
        return True

    def _show(self, company, leads) -> None:
        commission = CommissionLab(company, leads=leads)
        budget = BudgetLab(link=commission)
        alignment = AlignmentLab(company=company) if _has_targets(company) else None
        self.commission, self.budget, self.alignment = commission, budget, alignment
        self.company_name = company.name
        parts = [
            widgets.HTML(f"<h3>{_how_paid(html.escape(company.name))}</h3>"),
            commission.widget,
            widgets.HTML("<h3>" + _("The ad budget, on the same company") + "</h3>"),
            budget.widget,
            widgets.HTML("<h3>" + _("Common criteria") + "</h3>"),
        ]
        if alignment is not None:
            parts.append(alignment.widget)
        else:
            parts.append(
                widgets.HTML(
                    "<small>"
                    + _(
                        "The alignment lab scores marketing against targets for leads, "
                        "cost per lead and profit; this company's file sets none."
                    )
                    + "</small>"
                )
            )
        self.labs_area.children = parts

    def _repr_mimebundle_(self, **kwargs):
        if static_page():  # the reading site: one Vega-Lite spec, drawn with no kernel
            text = _("{lab} (a static view)").format(lab="CompanyExplorer")
            return vegalite_bundle(self.page_view(), text)
        return self.widget._repr_mimebundle_(**kwargs)

    def page_view(self) -> dict:
        """The explorer on the static site (``make site``): a picture of each of its labs
        as it is now (:meth:`incentives.labs.base.Lab.static_view`), one under the other."""
        name = self.company_name
        views = [
            self.commission.static_view(_how_paid(name)),
            self.budget.static_view(_("The ad budget, on the same company")),
        ]
        if self.alignment is not None:
            views.append(self.alignment.static_view(_("Common criteria")))
        return stacked(
            views,
            description=_(
                "A picture of the company explorer on {company}: the commission, budget and "
                "alignment labs as they are now, one under the other."
            ).format(company=name),
            usermeta={"lab": "CompanyExplorer", "page_parameter": None},
        )


def _choices() -> list[tuple[str, str]]:
    """The shipped companies, named in the edition's language."""
    return [(_(label), value) for label, value in CHOICES]


def _how_paid(company: str) -> str:
    return _("{company}: how sales is paid").format(company=company)


def _has_targets(company) -> bool:
    targets = company.targets
    return None not in (targets.leads, targets.cost_per_lead_eur, targets.profit_eur)

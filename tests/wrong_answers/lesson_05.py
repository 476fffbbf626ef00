"""Wrong answers to lesson 05's exercises: each fails the hidden tests, and for each exercise
some pass the visible test alone (it checks type, range and named slips, not the answer).

chosen_spend: a function right on the visible table only; the first level whatever the goal;
ties sent to the larger spend; a guessed constant.
goal_keeps: the lesson's own campaign names; only the best campaign kept under profit;
a campaign whose margin only equals its ads kept (>= for >).
marketing_score: the weights halved; profit scored whatever the goal; Company X's targets
hard-coded; a guessed constant.
leader_choice: the first design that meets every target; ties sent to the last; a guessed
label; the company's target alone checked; never None.
"""

LESSON = "05-common-criteria"

WRONG = {
    "chosen_spend_answer": {
        "right_on_the_visible_table_only": (
            "def chosen_spend(levels, goal):\n"
            "    return 6_000.0 if goal == 'revenue' else 2_000.0\n"
        ),
        "first_level_whatever_the_goal": (
            "def chosen_spend(levels, goal):\n    return float(levels['ad_spend_eur'].iloc[0])\n"
        ),
        "ties_to_the_larger_spend": (
            "def chosen_spend(levels, goal):\n"
            "    ordered = levels.sort_values('ad_spend_eur', ascending=False, kind='stable')\n"
            "    if goal == 'revenue':\n"
            "        figure = ordered['revenue_eur']\n"
            "    else:\n"
            "        figure = (ordered['gross_margin_eur'] - ordered['sales_pay_eur']\n"
            "                  - ordered['ad_spend_eur'])\n"
            "    return float(ordered.loc[figure.idxmax(), 'ad_spend_eur'])\n"
        ),
        "guessed_constant": "def chosen_spend(levels, goal):\n    return 12_900.0\n",
    },
    "goal_keeps_answer": {
        "right_on_the_lessons_table_only": (
            "def goal_keeps(campaigns, goal):\n"
            "    kept = ['Automatic gates search ads', 'Website content and search']\n"
            "    return kept + ['Spare parts summer promotion'] if goal == 'revenue' else kept\n"
        ),
        "only_the_best_campaign_under_profit": (
            "def goal_keeps(campaigns, goal):\n"
            "    if goal == 'revenue':\n"
            "        return sorted(str(n) for n in campaigns.index[campaigns['revenue_eur'] > 0])\n"
            "    after_ads = (campaigns['revenue_eur'] * campaigns['margin_rate']\n"
            "                 - campaigns['ad_spend_eur'])\n"
            "    return [str(after_ads.idxmax())]\n"
        ),
        "break_even_kept": (
            "def goal_keeps(campaigns, goal):\n"
            "    if goal == 'revenue':\n"
            "        kept = campaigns['revenue_eur'] > 0\n"
            "    else:\n"
            "        kept = (campaigns['revenue_eur'] * campaigns['margin_rate']\n"
            "                >= campaigns['ad_spend_eur'])\n"
            "    return sorted(str(n) for n in campaigns.index[kept])\n"
        ),
    },
    "marketing_score_answer": {
        "weights_halved": (
            "def marketing_score(options, own_weight, goal, targets):\n"
            "    own = (options['leads'] / targets['leads']\n"
            "           - options['cost_per_lead_eur'] / targets['cost_per_lead_eur'])\n"
            "    return 0.5 * own + 0.5 * options[f'{goal}_eur'] / targets[f'{goal}_eur']\n"
        ),
        "profit_whatever_the_goal": (
            "def marketing_score(options, own_weight, goal, targets):\n"
            "    own = (options['leads'] / targets['leads']\n"
            "           - options['cost_per_lead_eur'] / targets['cost_per_lead_eur'])\n"
            "    figure = options['profit_eur'] / targets['profit_eur']\n"
            "    return own_weight * own + (1 - own_weight) * figure\n"
        ),
        "company_x_targets_hard_coded": (
            "def marketing_score(options, own_weight, goal, targets):\n"
            "    fixed = {'leads': 300, 'cost_per_lead_eur': 20, 'revenue_eur': 70_000,\n"
            "             'profit_eur': 17_000}\n"
            "    own = (options['leads'] / fixed['leads']\n"
            "           - options['cost_per_lead_eur'] / fixed['cost_per_lead_eur'])\n"
            "    figure = options[f'{goal}_eur'] / fixed[f'{goal}_eur']\n"
            "    return own_weight * own + (1 - own_weight) * figure\n"
        ),
        "guessed_constant": (
            "def marketing_score(options, own_weight, goal, targets):\n"
            "    return options['leads'] * 0 + 0.75\n"
        ),
    },
    "leader_choice_answer": {
        "first_design_that_meets_every_target": (
            "def leader_choice(designs):\n"
            "    meets = designs['marketing_met'] & designs['sales_met'] & designs['company_met']\n"
            "    return designs.index[meets.astype(bool)][0] if meets.any() else None\n"
        ),
        "ties_to_the_last": (
            "def leader_choice(designs):\n"
            "    meets = designs['marketing_met'] & designs['sales_met'] & designs['company_met']\n"
            "    meeting = designs[meets.astype(bool)]\n"
            "    if meeting.empty:\n"
            "        return None\n"
            "    return meeting['profit_eur'][::-1].idxmax()\n"
        ),
        "guessed_label": "def leader_choice(designs):\n    return 'b'\n",
        "company_target_only": (
            "def leader_choice(designs):\n"
            "    meeting = designs[designs['company_met'].astype(bool)]\n"
            "    return None if meeting.empty else meeting['profit_eur'].idxmax()\n"
        ),
        "never_none": (
            "def leader_choice(designs):\n"
            "    meets = designs['marketing_met'] & designs['sales_met'] & designs['company_met']\n"
            "    meeting = designs[meets.astype(bool)]\n"
            "    if meeting.empty:\n"
            "        return designs.index[0]\n"
            "    return meeting['profit_eur'].idxmax()\n"
        ),
    },
}

"""Wrong answers to lesson 07's exercises: each fails the hidden tests, and for each exercise
some pass the visible test alone (it checks type, range and a named slip, not the answer).

won_and_lost: a function right on the visible table only; a count copied from the sample;
the bounds taken as strict (a month exactly on a target counted as missed); marketing's
leads target alone (its cost-per-lead ceiling forgotten); "lost" read as a loss below zero.
goal_change: phase 1 minus phase 2; profit whatever the goal; a function right on the
visible table only.
"""

LESSON = "07-class-results"

WRONG = {
    "won_and_lost_answer": {
        "right_on_the_visible_table_only": (
            "def won_and_lost(results):\n    return {1: 1, 2: 0}\n"
        ),
        "copied_from_the_sample": "def won_and_lost(results):\n    return {1: 6, 2: 0}\n",
        "strict_bounds": (
            "def won_and_lost(results):\n"
            "    r = results\n"
            "    story = ((r['leads'] > r['target_leads'])\n"
            "             & (r['cost_per_lead_eur'] < r['target_cost_per_lead_eur'])\n"
            "             & (r['revenue_eur'] > r['target_revenue_eur'])\n"
            "             & (r['profit_eur'] < r['target_profit_eur']))\n"
            "    return {p: int(story[r['phase'] == p].sum()) for p in (1, 2)}\n"
        ),
        "leads_target_alone": (
            "def won_and_lost(results):\n"
            "    r = results\n"
            "    story = ((r['leads'] >= r['target_leads'])\n"
            "             & (r['revenue_eur'] >= r['target_revenue_eur'])\n"
            "             & (r['profit_eur'] < r['target_profit_eur']))\n"
            "    return {p: int(story[r['phase'] == p].sum()) for p in (1, 2)}\n"
        ),
        "a_loss_below_zero": (
            "def won_and_lost(results):\n"
            "    r = results\n"
            "    story = ((r['leads'] >= r['target_leads'])\n"
            "             & (r['cost_per_lead_eur'] <= r['target_cost_per_lead_eur'])\n"
            "             & (r['revenue_eur'] >= r['target_revenue_eur'])\n"
            "             & (r['profit_eur'] < 0))\n"
            "    return {p: int(story[r['phase'] == p].sum()) for p in (1, 2)}\n"
        ),
    },
    "goal_change_answer": {
        "phase_1_minus_phase_2": (
            "def goal_change(results):\n"
            "    import pandas as pd\n"
            "    goals = results[results['phase'] == 2].groupby(['session', 'firm'])"
            "['common_goal'].first()\n"
            "    out = {}\n"
            "    for (s, f), g in goals.items():\n"
            "        col = 'profit_eur' if g == 'profit' else 'revenue_eur'\n"
            "        mine = results[(results['session'] == s) & (results['firm'] == f)]\n"
            "        means = mine.groupby('phase')[col].mean()\n"
            "        out[(s, f)] = means[1] - means[2]\n"
            "    return pd.Series(out)\n"
        ),
        "profit_whatever_the_goal": (
            "def goal_change(results):\n"
            "    means = results.groupby(['session', 'firm', 'phase'])['profit_eur'].mean()\n"
            "    wide = means.unstack('phase')\n"
            "    return wide[2] - wide[1]\n"
        ),
        "right_on_the_visible_table_only": (
            "def goal_change(results):\n"
            "    import pandas as pd\n"
            "    pairs = [('v', 1), ('v', 2)]\n"
            "    index = pd.MultiIndex.from_tuples(pairs, names=['session', 'firm'])\n"
            "    return pd.Series([-5_000.0, 20_000.0], index=index)\n"
        ),
    },
}

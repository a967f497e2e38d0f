"""Small mappings the returns tests share: a register's id, name and (or) department."""

from __future__ import annotations

BY_DEPARTMENT = """
[columns]
key = "Ref"
title = "Project"
organisation = "Dept"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""
"""Ref, Project and Dept columns: items in delivery, in Digital."""

ONE_DEPARTMENT = """
[columns]
key = "Ref"
title = "Project"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
organisation = "HO"
"""
"""Ref and Project columns: items in delivery, in Digital, all of HO."""

PPM_EXPORT = """
currency = "USD"

[columns]
key = "Project ID"
title = "Project Name"
category = "Portfolio"
whole_life_cost = "Total Cost"
"""
"""A PPM tool's export in USD: Project ID, Project Name, Portfolio and Total Cost columns."""

IN_MILLIONS = """
units = "millions"
[columns]
key = "Ref"
title = "Project"
whole_life_cost = "WLC (£m)"
[defaults]
kind = "project"
stage = "in delivery"
category = "Digital"
"""
"""Ref, Project and a whole-life cost in millions: items in delivery, in Digital."""

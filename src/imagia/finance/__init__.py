"""Accounting to rights holders (use case ``rights-accounting``).

A work's contracts as data (:mod:`contracts`, schema ``Contract.1``), revenue and expense lines
imported from distributors' statements with saved column mappings (:mod:`lines`), the recoupment
waterfall with an audit trail (:mod:`waterfall`), statements per beneficiary and period in PDF,
XLSX and JSON, French and English (:mod:`statements`), and anomaly checks (:mod:`anomalies`).
Money is :class:`decimal.Decimal` throughout; the rounding rule is in :mod:`money`.
"""

"""The parts of the HTML report that scripts/render_report.py (the entry point) puts together:

- fmt:    number formats (one per kind), HTML escaping and safe embedded JSON
- svg:    the inline SVG charts (bars, lines, funnel, heatmap) with axis titles
- charts: the figures read from the marts and the charts drawn from them
"""

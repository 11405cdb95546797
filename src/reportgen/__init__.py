"""reportgen: 部门决算公开报告生成与校验。

Pipeline: reader (workbook → model) → validate (model → findings)
→ compute (model → tables and figures) → render (xlsx, docx, pdf).
"""

__version__ = "0.1.0"

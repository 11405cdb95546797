"""Chinese text in src/ is a message to the clerk, or it is on this list.

Layout and wording (titles, labels, sentences of the outputs) live in the
profile (templates/<profile>/: profile.toml, tables.xlsx, selfeval.xlsx,
document.docx), not in Python.  This test lists every string literal of
src/reportgen holding Chinese characters, outside docstrings, and sorts it:

* recognised as a message to the clerk by where it stands — raised in an
  exception, given to a *Error / *Input / Finding, echoed, a rule's message
  and fix templates (``@rule(code, severity, message, fix)``) and a
  finding's parameters (``ctx.finding(...)``), appended or added (``+=``)
  to a ``problems`` / ``messages`` list, a ``help=`` text — or as field
  documentation (``fld(...)``, docs/template-fields.md): allowed;
* otherwise it must be in ``ALLOWED`` below, keyed by (file, enclosing
  function or constant), with the number of such literals there and the
  reason it may stay.  A new literal fails the test until it is classified:
  moved to the profile, or added here with its reason.  A stale entry fails
  too (a literal moved out: lower the count or drop the line).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportgen"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
MESSAGE_KEYWORDS = {"help", "metavar", "options_metavar", "short_help", "epilog", "prompt",
                    "message", "msg"}
MESSAGE_LISTS = re.compile(r"problem|message|warning|note|hits|errors", re.I)

# reasons
MSG = "a message to the clerk (report text, rule message template, usage, web page)"
INPUT = "the input workbook's format: sheet, column, row and level names the clerk fills in"
READ = "words and punctuation recognised in what the clerk typed (values, targets, reasons)"
COMPARED = "a value compared with the input or profile (类/款 levels, budget_base values)"
CHECK = "patterns the self-check and the table layout look for in the outputs"
FONT = "font family names"
DOCS = "generated documentation for the clerk (docs/template-fields.md)"
NUMBER = "number formatting at the edge: Chinese numerals (一、二…) for table numbering"
FILENAME = "output folder/file name fallbacks (files named with the unit)"
PARTS = "[document] part and section titles of the built-in layout (i12core restructures them)"
MEASURE = "sample text measured for a heading's height, never printed"
PROFILE = "values profile.toml may hold (place, form, table_numbering): the profile is Chinese by design"
TOOL = ("tool output for the clerk, not the published disclosure: the consolidation auditor's "
        "workbook, the carry's notes on 填表说明")
DATE = "dates read as typed and printed in the official form 2023年4月20日"

ALLOWED: dict[tuple[str, str], tuple[str, int]] = {
    # MSG
    ('batch.py', 'STATUS_TEXT'): (MSG, 3),
    ('batch.py', 'summary_table'): (MSG, 12),
    ('build.py', 'load_catalogues'): (MSG, 1),
    ('cli.py', '_SECTIONS'): (MSG, 3),
    ('cli.py', '_chinese_help_option'): (MSG, 1),
    ('cli.py', '_path_reason'): (MSG, 6),
    ('cli.py', 'build'): (MSG, 3),
    ('cli.py', 'show'): (MSG, 1),
    ('cli.py', 'usage_error_text'): (MSG, 28),
    ('compose/narrative.py', 'build_context'): (MSG, 1),
    ('compose/narrative.py', 'layout'): (MSG, 3),
    ('core/catalogue.py', 'read_file'): (MSG, 2),
    ('core/jinja.py', 'NOT_A_CHANGE'): (MSG, 1),   # a template error: |change given figures to subtract
    ('core/jinja.py', '_JINJA_REASONS'): (MSG, 13),   # Jinja's English errors for the clerk
    ('core/jinja.py', '_TOKENS'): (MSG, 6),
    ('core/jinja.py', 'jinja_reason'): (MSG, 3),
    ('core/profile.py', '_TOML_REASONS'): (MSG, 16),   # tomllib's English errors for the clerk
    ('core/profile.py', 'as_written'): (MSG, 3),   # （现为 "2"（文字））
    ('core/profile.py', 'toml_error'): (MSG, 11),
    ('core/profile.py', '_sheet_name_problems'): (MSG, 3),
    ('core/profile.py', '_template_problems'): (MSG, 8),
    ('core/profile.py', 'load_profile'): (MSG, 3),
    ('core/profile.py', 'default_words'): (MSG, 1),
    ('core/safeio.py', 'os_reason'): (MSG, 13),
    ('core/safeio.py', 'unwritable'): (MSG, 1),
    ('init_workbook.py', '_amount_rule'): (MSG, 3),
    ('init_workbook.py', '_choice_rule'): (MSG, 7),   # the 财政级次 list's warning too
    ('init_workbook.py', '_code_rule'): (MSG, 3),
    ('init_workbook.py', '_int_rule'): (MSG, 2),
    ('read/reader.py', '_note_duplicate_headers'): (MSG, 1),
    ('read/reader.py', '_note_headless'): (MSG, 3),
    ('read/reader.py', '_note_ignored'): (MSG, 3),
    ('read/reader.py', 'check_file'): (MSG, 1),
    ('read/sheetscan.py', 'start'): (MSG, 7),
    ('render/charts.py', 'NO_FONT_WARNING'): (MSG, 1),
    ('render/docx.py', '__init__'): (MSG, 2),
    ('render/docx_tables.py', 'from_profile'): (MSG, 6),
    ('render/fonts.py', 'INSTALL_ADVICE'): (MSG, 1),
    ('render/pdf.py', 'INSTALL'): (MSG, 1),
    ('render/pdf.py', '_start'): (MSG, 1),
    ('render/pdf.py', 'convert'): (MSG, 1),
    ('render/performance_xlsx.py', '_where'): (MSG, 3),
    ('render/xlsx.py', '_render_sheet'): (MSG, 4),
    ('render/xlsx.py', '_where'): (MSG, 3),
    ('render/xlsx.py', 'fill_tables'): (MSG, 1),   # 表格模板, named by render/sheets.open_layout's message
    ('render/performance_xlsx.py', '_parse'): (MSG, 1),   # 绩效自评表模板, likewise
    ('selfeval/scoring.py', '_how'): (MSG, 12),
    ('selfeval/scoring.py', 'score_indicator'): (MSG, 17),
    ('validate/findings.py', 'ERROR'): (MSG, 1),
    ('validate/findings.py', 'INFO'): (MSG, 1),
    ('validate/findings.py', 'WARNING'): (MSG, 1),
    ('validate/registry.py', 'FAMILIES'): (MSG, 11),
    ('validate/registry.py', 'ROUNDING_ADVICE'): (MSG, 1),
    ('validate/registry.py', 'ROUNDING_NOTE'): (MSG, 1),
    ('validate/registry.py', 'severity_text'): (MSG, 2),
    ('validate/report.py', '_WORKBOOK'): (MSG, 1),
    ('validate/report.py', '_by_code_lines'): (MSG, 5),
    ('validate/report.py', '_by_sheet_lines'): (MSG, 3),
    ('validate/report.py', 'format_human'): (MSG, 3),
    ('validate/report.py', 'rules_markdown'): (MSG, 8),
    ('validate/report.py', 'rules_table'): (MSG, 1),
    ('validate/report.py', 'summary'): (MSG, 6),
    ('validate/rules/catalogue.py', '_LEVEL'): (MSG, 3),
    ('validate/rules/catalogue.py', '_SCHEME_NAME'): (MSG, 2),
    ('validate/rules/catalogue.py', '_level_problem'): (MSG, 8),
    ('validate/rules/catalogue.py', '_year_text'): (MSG, 2),
    ('validate/rules/catalogue.py', 'unknown_code'): (MSG, 2),
    ('validate/rules/consistency.py', 'public_funds'): (MSG, 1),
    ('validate/rules/consistency.py', 'reason_contradicts_figure'): (MSG, 1),
    ('validate/rules/consistency.py', 'yuan_typed_as_wanyuan'): (MSG, 2),
    ('validate/rules/cross.py', '_computed_supplement'): (MSG, 4),
    ('validate/rules/cross.py', 'supplement_parts'): (MSG, 1),
    ('validate/rules/document.py', '_FIX'): (MSG, 1),
    ('validate/rules/names.py', 'unit_name_as_file_name'): (MSG, 1),
    ('validate/rules/optional.py', '_REASON_EFFECT'): (MSG, 1),
    ('validate/rules/optional.py', '_TEXTS'): (MSG, 4),
    ('validate/rules/performance.py', '_EXECUTION'): (MSG, 2),
    ('validate/rules/performance.py', '_all_indicators'): (MSG, 1),
    ('validate/rules/performance.py', '_budgets'): (MSG, 1),
    ('validate/rules/performance.py', '_execution_indicators'): (MSG, 1),
    ('validate/rules/performance.py', 'against_projects'): (MSG, 5),
    ('validate/rules/performance.py', 'budget_score'): (MSG, 1),
    ('validate/rules/performance.py', 'no_indicator_weighted'): (MSG, 3),
    ('validate/rules/performance.py', 'orphan_indicator'): (MSG, 3),
    ('validate/rules/performance.py', 'qualitative_score'): (MSG, 13),
    ('validate/rules/performance.py', 'transfer_sources'): (MSG, 3),
    ('validate/rules/performance.py', 'unit_against_table3'): (MSG, 2),
    ('validate/rules/performance.py', 'weights_total'): (MSG, 2),
    ('validate/rules/plausibility.py', 'budget_deviation_without_reason'): (MSG, 1),
    ('validate/rules/plausibility.py', 'implausible_unit'): (MSG, 3),
    ('validate/rules/structure.py', 'duplicate_line'): (MSG, 3),
    ('validate/rules/structure.py', 'no_item_lines'): (MSG, 2),
    ('validate/rules/structure.py', 'too_many_decimals'): (MSG, 4),
    ('validate/rules/structure.py', '_wanted'): (MSG, 6),   # S105/S122 advice by cell kind
    ('validate/rules/structure.py', '_PLACES_WORD'): (MSG, 2),
    ('validate/rules/structure.py', 'unknown_label'): (MSG, 1),
    ('validate/rules/sums.py', 'economic_subtotal'): (MSG, 5),
    ('validate/rules/sums.py', 'fiscal_line_balance'): (MSG, 2),
    ('validate/rules/sums.py', 'functional_subtotal'): (MSG, 9),
    ('validate/rules/sums.py', 'income_on_wrong_fund'): (MSG, 2),
    ('web/app.py', '_INTERNAL'): (MSG, 1),
    ('web/app.py', '_too_large'): (MSG, 2),
    ('web/app.py', 'blank'): (MSG, 1),
    ('web/app.py', 'clear'): (MSG, 1),
    ('web/app.py', 'download'): (MSG, 1),
    ('web/app.py', 'download_zip'): (MSG, 3),
    ('web/app.py', 'profiles'): (MSG, 2),
    ('web/app.py', 'run_state'): (MSG, 1),
    ('web/app.py', 'shown_name'): (MSG, 1),
    ('web/work.py', 'WORKBOOK'): (MSG, 1),
    ('web/work.py', '_root_path'): (MSG, 1),   # punctuation ending a path in a message
    ('web/work.py', 'check_upload'): (MSG, 3),
    ('web/work.py', 'read_last_upload'): (MSG, 5),
    # FILENAME
    ('core/safeio.py', 'safe_filename'): (FILENAME, 1),
    ('core/safeio.py', 'carry_over'): (FILENAME, 2),   # “〈name〉（上次保留）〈ext〉”
    # DOCS
    ('compose/fields_doc.py', 'HEADER'): (DOCS, 1),
    ('compose/fields_doc.py', '_example'): (DOCS, 4),
    ('compose/fields_doc.py', '_rows'): (DOCS, 1),
    ('core/fields.py', 'WAN'): (DOCS, 1),
    # READ, COMPARED (compose, compute)
    ('compose/narrative.py', 'BENEFIT_KINDS'): (READ, 4),   # the 二级指标 as typed
    ('compose/narrative.py', 'BUDGET_BASES'): (COMPARED, 2),
    ('compose/narrative.py', '_basic'): (READ, 2),   # the catalogue's group 人员经费, matched
    ('compose/narrative.py', '_general'): (COMPARED, 3),
    ('compose/narrative.py', '_gov'): (COMPARED, 2),
    ('compose/narrative.py', '_on_base'): (COMPARED, 2),
    ('compose/narrative.py', '_soe'): (COMPARED, 1),
    # the catalogue's 类 name ends in 支出 (一般公共服务支出): recognised and
    # dropped for short_name; the template writes “…（类）支出” around it
    ('compose/narrative.py', 'class_short_name'): (READ, 1),
    # the 财政级次 as the clerk typed it ends in 级 (市级) or 本级 (市本级): dropped for level_short (市直部门)
    ('compose/narrative.py', 'level_short'): (READ, 2),
    ('compute/figures.py', 'glossary'): (COMPARED, 1),   # a row's level 项 (core.catalogue.LEVELS), compared
    ('render/docx.py', 'lay_out'): (MEASURE, 2),
    # READ
    ('compose/narrative.py', 'OUTPUT_KINDS'): (READ, 4),
    ('compose/narrative.py', '_LISTED'): (READ, 2),
    ('compute/figures.py', 'general_items'): (READ, 3),
    ('compute/figures.py', 'sangong'): (READ, 1),
    ('core/text.py', '_CLAUSE_END_PUNCT'): (READ, 1),
    ('core/text.py', '_END_PUNCT'): (READ, 1),
    ('core/text.py', '_LEAD_IN'): (READ, 1),
    ('core/text.py', '_COLONS'): (READ, 1),
    ('core/text.py', 'DOUBLED_PUNCT'): (READ, 1),   # slips looked for in typed texts (S133) and outputs (D803)
    ('core/text.py', 'PLACEHOLDER'): (READ, 1),     # a blank form's XX/（增加） (S132, D802)
    ('core/text.py', '_LEAD_PUNCT'): (READ, 1),
    ('core/text.py', '_NOTHING'): (READ, 6),
    ('read/reader.py', 'norm_label'): (READ, 2),
    ('read/reader.py', '_UNIT_SUFFIX'): (READ, 1),   # a unit typed after a header: （万元）（元）
    ('read/reader.py', 'read'): (READ, 2),
    ('read/values.py', 'FORMULA_ERRORS'): (READ, 10),
    ('read/values.py', '_BLANKS'): (READ, 2),
    ('read/values.py', '_normalise_number_text'): (READ, 2),
    ('read/values.py', 'date_text'): (READ, 3),
    ('read/values.py', 'parse_code'): (READ, 2),
    ('read/values.py', '_YEAR'): (READ, 1),   # a year written 2022年 / 2022年度
    ('selfeval/scoring.py', '(ACHIEVED, PARTLY, MISSED)'): (READ, 3),
    ('selfeval/scoring.py', '(EMPTY, NUMBER, RANGE, SEVERAL, WORDS)'): (READ, 5),
    ('selfeval/scoring.py', '(POSITIVE, NEGATIVE, INTERVAL)'): (READ, 3),
    ('selfeval/scoring.py', '(QUANTITATIVE, QUALITATIVE, NO_WEIGHT)'): (READ, 3),
    ('selfeval/scoring.py', '_ABOUT'): (READ, 3),
    ('selfeval/scoring.py', '_NO_INDICATOR'): (READ, 1),
    ('selfeval/scoring.py', '_OPERATORS'): (READ, 19),
    ('selfeval/scoring.py', '_RANGE_DASH'): (READ, 2),
    ('selfeval/scoring.py', '_SUFFIX_DIRECTION'): (READ, 9),
    ('selfeval/scoring.py', 'key'): (READ, 1),
    ('selfeval/scoring.py', 'parse_value'): (READ, 4),
    ('validate/rules/consistency.py', 'DOWN_WORDS'): (READ, 11),
    ('validate/rules/consistency.py', 'UP_WORDS'): (READ, 10),
    ('validate/rules/consistency.py', 'SPENDING_DOWN_WORDS'): (READ, 5),
    ('validate/rules/plausibility.py', '_PLACEHOLDERS'): (READ, 3),
    # PARTS
    ('compose/narrative.py', 'PARTS'): (PARTS, 21),
    # INPUT
    ('compute/tables.py', 'compute'): (INPUT, 1),
    ('compute/tables.py', 'economic_table'): (INPUT, 3),
    ('core/catalogue.py', 'LEVELS'): (INPUT, 3),
    ('core/model.py', 'functional_items'): (INPUT, 1),
    ('core/model.py', 'functional_subtotals'): (INPUT, 2),
    ('core/model.py', 'level'): (INPUT, 3),
    ('core/schema.py', 'ECONOMIC'): (INPUT, 5),
    ('core/schema.py', 'FUNCTIONAL'): (INPUT, 30),
    ('core/schema.py', 'FUND_GENERAL'): (INPUT, 1),
    ('core/schema.py', 'FUND_GOV'): (INPUT, 1),
    ('core/schema.py', 'FUND_OTHER'): (INPUT, 1),
    ('core/schema.py', 'FUND_SOE'): (INPUT, 1),
    ('core/schema.py', 'INSTRUCTIONS_SHEET'): (INPUT, 1),
    ('core/schema.py', 'KEY_WORK'): (INPUT, 5),
    ('core/schema.py', 'KeyValueSheet'): (INPUT, 2),
    ('core/schema.py', 'KeyedTableSheet'): (INPUT, 1),
    ('core/schema.py', 'LEVEL1'): (INPUT, 3),
    ('core/schema.py', 'PERF_GOALS'): (INPUT, 5),
    ('core/schema.py', 'PERF_INDICATORS'): (INPUT, 13),
    ('core/schema.py', 'PERF_PROJECTS'): (INPUT, 24),
    ('core/schema.py', 'PERF_TRANSFERS'): (INPUT, 7),
    ('core/schema.py', 'PERF_UNIT'): (INPUT, 20),
    ('core/schema.py', 'PROJECTS'): (INPUT, 10),
    ('core/schema.py', 'PROJECT_KINDS'): (INPUT, 3),
    ('core/schema.py', 'RECEPTION'): (INPUT, 7),
    ('core/schema.py', 'SANGONG'): (INPUT, 6),
    ('core/schema.py', 'SANGONG_ROWS'): (INPUT, 4),
    ('core/schema.py', 'SCORING_MODES'): (INPUT, 3),
    ('core/schema.py', 'SUPPLEMENT'): (INPUT, 35),
    ('core/schema.py', 'TEXTS'): (INPUT, 19),
    ('core/schema.py', 'TRANSFER_SOURCES'): (INPUT, 4),
    ('core/schema.py', 'UNITS'): (INPUT, 4),
    ('core/schema.py', 'UNIT_INFO'): (INPUT, 7),
    ('core/schema.py', 'UNIT_TABLE'): (INPUT, 1),
    ('core/schema.py', 'UNIT_WAN'): (INPUT, 1),
    ('core/schema.py', 'UNIT_YUAN'): (INPUT, 1),
    ('core/schema.py', '_BUDGET_SCORE'): (INPUT, 2),   # a column of PERF_PROJECTS and PERF_TRANSFERS
    ('core/schema.py', '_CLOSING'): (INPUT, 2),        # columns of PERF_PROJECTS and PERF_TRANSFERS
    ('core/schema.py', 'USER_CATALOGUE'): (INPUT, 11),
    ('core/schema.py', '_transfer_funds'): (INPUT, 4),
    ('init_workbook.py', 'GENERAL_NOTES'): (INPUT, 9),
    ('init_workbook.py', 'LOOKUP_SHEET'): (INPUT, 1),
    ('init_workbook.py', '_BODY_FONT'): (INPUT, 1),
    ('init_workbook.py', '_HEADER_FONT'): (INPUT, 1),
    ('init_workbook.py', '_LOOKUP'): (INPUT, 2),
    ('init_workbook.py', '_SECTION_FONT'): (INPUT, 1),
    ('init_workbook.py', '_TITLE_FONT'): (INPUT, 1),
    ('init_workbook.py', '_instructions'): (INPUT, 26),
    ('init_workbook.py', '_key_value_sheet'): (INPUT, 1),
    ('init_workbook.py', '_keyed_table_sheet'): (INPUT, 1),
    ('init_workbook.py', '_kind_text'): (INPUT, 9),
    ('init_workbook.py', '_lookup_sheet'): (INPUT, 3),
    ('validate/rules/common.py', 'ECONOMIC_TOTALS'): (INPUT, 4),
    ('validate/rules/common.py', 'FUNCTIONAL_TOTALS'): (INPUT, 2),
    ('validate/rules/structure.py', '_required_cells'): (INPUT, 5),
    # NUMBER
    ('core/jinja.py', '_DIGITS'): (NUMBER, 1),
    ('core/jinja.py', '_UNITS'): (NUMBER, 3),
    ('core/jinja.py', 'chinese_number'): (NUMBER, 3),
    # CHECK
    ('render/docx_tables.py', '_RIGID'): (CHECK, 1),
    ('render/selfcheck.py', '(DOCUMENT, TABLES)'): (CHECK, 2),
    ('render/selfcheck.py', 'DOUBLED'): (CHECK, 1),
    ('render/selfcheck.py', 'DOUBLED_CHAR'): (CHECK, 1),  # 为为/的的/是是 and the words that do double them
    ('render/selfcheck.py', '_COLON'): (CHECK, 1),
    ('render/selfcheck.py', '_BRACKETED'): (CHECK, 1),
    ('render/selfcheck.py', 'TABLE_CELLS'): (CHECK, 15),
    ('render/selfcheck.py', 'TOTALS'): (CHECK, 10),
    ('render/selfcheck.py', '_AMOUNT'): (CHECK, 1),
    ('render/selfcheck.py', 'check_document'): (CHECK, 1),
    ('render/selfcheck.py', 'check_outputs'): (CHECK, 1),
    # FONT
    ('render/fonts.py', 'CHART_FAMILIES'): (FONT, 1),
    ('render/fonts.py', 'OFFICIAL'): (FONT, 11),
    ('render/fonts.py', 'SANS_SC'): (FONT, 1),
    ('render/fonts.py', 'SERIF_SC'): (FONT, 1),
    # added after the merges of issues 10, 12, 13 (carry, consolidate, profile)
    ('build.py', 'check_profile'): (MSG, 2),   # 模板配置 names the file; 单位 a sample unit laid out, never printed
    ('carry.py', '_notes'): (TOOL, 8),
    ('carry.py', '_user_catalogue'): (INPUT, 2),   # the 科目 sheet's 分类 values
    ('carry.py', 'changed_codes'): (MSG, 10),   # console lines of init --from
    ('carry.py', 'closing'): (MSG, 3),   # cell positions quoted by L901
    ('carry.py', 'figures'): (MSG, 28),   # a figure's source, quoted by L9xx messages
    ('carry.py', 'note_lines'): (TOOL, 13),
    ('carry.py', 'read_last'): (MSG, 4),   # parts of the UnusableInput message, 上年工作簿 named
    ('compose/narrative.py', '_sangong_on_base'): (COMPARED, 1),   # the profile's budget_base value
    ('compose/narrative.py', '_sections'): (MSG, 3),   # where a profile problem is: 第 k 节 …
    ('compose/narrative.py', 'moved'): (COMPARED, 1),   # the budget_base value, printed as the base's name
    ('compose/narrative.py', 'number'): (NUMBER, 3),   # section numbers 一、 / （一）
    ('compute/figures.py', '_against'): (COMPARED, 1),   # the budget_base value, printed as the base's name
    ('compute/figures.py', 'general_classes'): (COMPARED, 1),   # the 类 level of 表5's rows
    ('compute/tables.py', 'catalogue_layout'): (COMPARED, 1),   # the catalogue's group of a 类
    ('consolidate.py', 'DEPT_MARK'): (TOOL, 1),   # the department workbook's marker (document property 类别)
    ('consolidate.py', 'PROCESS_SHEETS'): (TOOL, 2),   # the auditor's workbook's sheets, to recognise it
    ('consolidate.py', '_mark'): (TOOL, 1),   # the heading of the consolidation's notes on 填表说明
    ('consolidate.py', 'composition_note'): (MSG, 6),   # a note to the clerk, returned to the notes list
    ('consolidate.py', 'MAIN_SUFFIX'): (READ, 1),   # the 本级 unit's name is 部门 or 部门本级
    ('consolidate.py', 'PROCESS_SUFFIX'): (FILENAME, 1),
    ('consolidate.py', 'EACH_SUFFIX'): (FILENAME, 1),   # build --each's folder of the department
    ('consolidate.py', '_process_workbook'): (TOOL, 36),
    ('consolidate.py', '_too_few'): (MSG, 3),   # the problem of fewer than two units, returned to the problems list
    ('consolidate.py', '_without_old_departments'): (MSG, 1),   # the list separator of the names in its notes
    # the 内部往来 list (read/transfers.py, rules M1xx in validate/rules/transfers.py)
    ('read/transfers.py', 'INTERNAL_SHEET'): (INPUT, 1),   # the 内部往来 workbook's sheet
    ('read/transfers.py', 'TRANSFER_COLUMNS'): (TOOL, 2),   # the kinds' names in the auditor's workbook and messages
    ('read/transfers.py', '_HEADERS'): (INPUT, 9),   # the 内部往来 sheet's headers
    ('read/transfers.py', '_KIND_WORDS'): (READ, 8),   # the 内部往来 kinds as typed
    ('read/transfers.py', 'read_transfer_sheet'): (MSG, 1),   # names the file in check_input_file's message
    ('validate/rules/transfers.py', '_CODE_HEADER'): (MSG, 2),   # the code headers named in messages
    ('validate/rules/transfers.py', '_HEADERS'): (MSG, 1),   # the headers named in the advice
    ('validate/rules/transfers.py', '_ROLE'): (MSG, 2),   # the sides' names in the messages
    ('validate/rules/transfers.py', 'amount_too_precise'): (MSG, 2),   # 两/六 (places) in the message
    ('validate/rules/transfers.py', 'missing_header'): (MSG, 2),   # the missing headers named
    ('consolidate.py', 'department_values'): (INPUT, 2),   # the 科目 sheet's 分类 values
    ('core/profile.py', 'DATA_SETS'): (PROFILE, 5),   # what each [[table]] id shows, for whoever reads the code
    ('core/profile.py', 'PLACES'): (PROFILE, 2),
    ('core/profile.py', 'T8_FORMS'): (PROFILE, 2),
    ('core/profile.py', 'TABLE_NUMBERINGS'): (PROFILE, 2),
    ('core/profile.py', '_AT_ARRAY'): (MSG, 1),   # patterns of this module's own messages, to add profile.toml's line
    ('core/profile.py', '_AT_KEY'): (MSG, 2),   # patterns of this module's own messages
    ('core/profile.py', '_AT_VALUE'): (MSG, 1),   # patterns of this module's own messages
    ('core/profile.py', 'table_number'): (NUMBER, 2),
    ('core/profile.py', 'with_lines'): (MSG, 4),   # 第 n 行 added to profile messages
    ('core/schema.py', 'FREE_TEXTS'): (INPUT, 3),
    ('validate/rules/consistency.py', '_sangong_budget_reason'): (MSG, 2),   # the bases' names in P506's message
    ('validate/rules/lastyear.py', '_file'): (MSG, 1),   # a message parameter
    ('validate/rules/lastyear.py', 'last_year_figure'): (MSG, 1),   # a message parameter
    ('validate/rules/lastyear.py', 'opening_is_last_closing'): (MSG, 1),   # a message parameter
    ('validate/rules/sums.py', '_totals_note'): (MSG, 3),   # T303's note parameter
    # issue 13 (self-check, dates, plausibility, decimal commas)
    ('batch.py', 'clause_prefix'): (MSG, 2),   # where a message is cut: after a clause's punctuation
    ('compose/provenance.py', 'CELLS'): (MSG, 9),   # table cells named in D805's message
    ('read/reader.py', '_table'): (MSG, 2),   # “…、…等” in a finding's list
    ('read/values.py', '_DATE_TEXT'): (DATE, 1),
    ('read/values.py', 'parse_date'): (DATE, 3),
    ('render/selfcheck.py', 'CUES'): (CHECK, 11),
    ('render/selfcheck.py', '_CLAUSE'): (CHECK, 1),
    ('render/selfcheck.py', '_FILLER'): (CHECK, 1),
    ('render/selfcheck.py', '_THRESHOLD'): (CHECK, 1),
    ('render/selfcheck.py', '_TOKEN'): (CHECK, 1),
    ('render/selfcheck.py', '_describe'): (MSG, 6),
    ('render/selfcheck.py', 'paragraph'): (MSG, 2),
    ('validate/rules/plausibility.py', '_economic_head'): (MSG, 1),
    ('validate/rules/plausibility.py', '_yuan_signals'): (MSG, 18),   # parts of X417's message
    ('validate/rules/plausibility.py', '_wanyuan_signals'): (MSG, 14),   # parts of P508's message
    ('validate/rules/structure.py', 'comma_readings'): (MSG, 4),   # S120's two readings
}


def _scope_and_kind(node, parent) -> tuple[str, str | None]:
    kind, scope, n = None, None, node
    while n in parent:
        q = parent[n]
        if kind is None:
            if isinstance(q, ast.Raise) or (isinstance(q, ast.keyword) and q.arg in MESSAGE_KEYWORDS):
                kind = "message"
            elif isinstance(q, ast.Call):
                f = q.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                receiver = ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""
                if name == "fld":
                    kind = "field-doc"
                elif (name.endswith(("Error", "Exception", "Input", "Finding", "Failed"))
                      or name in ("echo", "secho", "warn", "rule", "finding")):
                    kind = "message"
                elif name in ("append", "extend", "add") and MESSAGE_LISTS.search(receiver):
                    kind = "message"
            elif isinstance(q, ast.AugAssign) and MESSAGE_LISTS.search(ast.unparse(q.target)):
                kind = "message"            # problems += [f"…" for …]
        if isinstance(q, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module)):
            if isinstance(n, ast.Expr) and q.body and q.body[0] is n:
                return "", "docstring"
            if isinstance(q, ast.Module):
                if scope is None and isinstance(n, (ast.Assign, ast.AnnAssign)):
                    target = n.targets[0] if isinstance(n, ast.Assign) else n.target
                    scope = ast.unparse(target)
            else:
                scope = scope or q.name
        n = q
    return scope or "<module>", kind


def literals() -> list[tuple[str, str, str | None, int, str]]:
    """(file, scope, kind, line, text) of every CJK string literal of src/ but docstrings."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text("utf-8"))
        parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
                scope, kind = _scope_and_kind(node, parent)
                if kind != "docstring":
                    out.append((rel, scope, kind, node.lineno, node.value))
    return out


def test_chinese_literals_in_src_are_messages_or_listed():
    found = literals()
    assert len(found) > 500           # the scan sees the code (messages included)
    counts = Counter((f, s) for f, s, kind, _, _ in found if kind is None)
    new = []
    for (f, s), n in sorted(counts.items()):
        listed = ALLOWED.get((f, s))
        if listed is None or n > listed[1]:
            lines = [f"{line}: {text[:40]!r}" for F, S, k, line, text in found
                     if (F, S) == (f, s) and k is None]
            new.append(f"{f} {s}: {n} literal(s), {listed[1] if listed else 0} allowed — "
                       + "; ".join(lines))
    assert not new, ("Chinese text in src/ that is neither a message to the clerk nor "
                     "listed in ALLOWED (move it to the profile, or list it with its "
                     "reason):\n" + "\n".join(new))


def test_the_allow_list_is_not_stale():
    counts = Counter((f, s) for f, s, kind, _, _ in literals() if kind is None)
    stale = [f"{f} {s}: {n} allowed, {counts.get((f, s), 0)} found"
             for (f, s), (_, n) in sorted(ALLOWED.items()) if counts.get((f, s), 0) < n]
    assert not stale, "lower or drop these ALLOWED entries:\n" + "\n".join(stale)


def test_every_entry_has_a_reason():
    reasons = {MSG, INPUT, READ, COMPARED, CHECK, FONT, DOCS, NUMBER, FILENAME, PARTS, MEASURE,
               PROFILE, TOOL, DATE}
    assert {reason for reason, _ in ALLOWED.values()} <= reasons

"""Where the rules added for issue 13 are tripped (and not tripped): their
tests live in tests/issue13/, one module per kind."""

TRIPS = [
    ("S118", "tests/issue13/test_reading.py::test_merged_fund_column_is_one_finding_naming_the_range"),
    ("S119", "tests/issue13/test_reading.py::test_formula_error_case_gives_one_finding_per_cell_and_no_cascade"),
    ("S120", "tests/issue13/test_reading.py::test_decimal_comma_case_is_an_error_at_each_cell"),
    ("S121", "tests/issue13/test_reading.py::test_a_date_that_cannot_be_one_is_one_warning_at_its_cell"),
]
TRIPS += [
    ("X410", "tests/issue13/test_consistency.py::test_operation_case_is_an_error_at_its_cell"),
    ("X411", "tests/issue13/test_consistency.py::test_negative_carry_case_is_an_error_at_the_cell"),
    ("X412", "tests/issue13/test_consistency.py::test_yuan_case_is_an_error_naming_the_slip_and_nothing_is_published"),
    ("X417", "tests/issue13/test_consistency.py::test_whole_workbook_in_yuan_is_one_error"),
    ("P507", "tests/issue13/test_consistency.py::test_a_large_department_in_whole_numbers_is_a_warning"),
]
TRIPS += [("P506", "tests/issue13/test_reasons.py::test_a_reason_that_says_the_opposite_is_a_warning_at_its_cell")]
TRIPS += [
    ("I701", "tests/issue13/test_document.py::test_validate_lists_the_optional_parts_left_blank"),
    ("D801", "tests/issue13/test_document.py::test_template_syntax_typed_in_a_text_is_refused"),
    ("D802", "tests/issue13/test_document.py::test_placeholder_planted_in_a_copied_template_is_refused"),
    ("D803", "tests/issue13/test_document.py::test_doubled_punctuation_typed_in_a_text_is_refused"),
    ("D804", "tests/issue13/test_document.py::test_empty_heading_planted_in_a_copied_template_is_refused"),
    ("D805", "tests/issue13/test_document.py::test_a_total_that_disagrees_with_table_1_is_refused"),
    ("D806", "tests/issue13/test_selfcheck_figures.py::test_typed_figure_that_is_no_figure_of_the_report_is_refused"),
]

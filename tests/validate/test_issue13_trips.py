"""Where the rules added for issue 13 are tripped (and not tripped): their
tests live in tests/issue13/, one module per kind."""

TRIPS = [
    ("S118", "tests/issue13/test_reading.py::test_merged_fund_column_is_one_finding_naming_the_range"),
    ("S119", "tests/issue13/test_reading.py::test_formula_error_case_gives_one_finding_per_cell_and_no_cascade"),
    ("S120", "tests/issue13/test_reading.py::test_decimal_comma_case_is_an_error_at_each_cell"),
]

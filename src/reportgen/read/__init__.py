"""Stage 1, read: the input workbook → ``core.model.Workbook`` (each value a
``Cell`` that knows its sheet and cell; amounts ``Decimal``)."""

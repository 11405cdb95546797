"""Stage 5, compose: the document's context (情况说明, 名词解释) from the report."""

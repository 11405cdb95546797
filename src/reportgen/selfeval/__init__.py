"""Stage 2, the self-evaluation (绩效自评) read into typed tables and scored by
the rules printed in the tables' own 备注. Made once per run, right after
reading, because validation checks the clerk's scores against it."""

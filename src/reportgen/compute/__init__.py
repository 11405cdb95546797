"""Stage 4, compute: every figure any output shows, summed from the 项 lines."""

"""Excel workbooks of the registers: one shared builder, one module per register."""

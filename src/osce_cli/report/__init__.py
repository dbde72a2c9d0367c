"""What a check produces and how it is written out: findings and diagnostics,
the output formats of ``osce validate`` (``as_*``), and the escaping of
everything printed from releases and file names."""

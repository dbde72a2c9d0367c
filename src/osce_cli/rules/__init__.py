"""The checks, one module per family named by its code letter (``f_syntax``:
F101...), the context they read and the registry that lists them."""

"""The language server (``dopt server``): diagnostics, code actions, formatting and hover
for editors, over the engine.  Importing this package loads pygls: only ``dopt server``
does (the CLI imports it lazily)."""

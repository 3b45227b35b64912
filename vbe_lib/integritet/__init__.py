"""Privacy: suppression of small counts (:mod:`.undertryckning`), screening of free text
(:mod:`.granskning`) and the stdlib-only log channel for withheld texts (:mod:`.logg`).

Nothing is imported here, so that :mod:`.logg` stays cheap to import for the CLI."""

"""Pure analysis functions: normalised DataFrames in, DataFrames and plain values out.

* ``brott``      – yearly series (crimes, public gatherings) and their key figures
* ``handelser``  – counts of forms, IA reports, graffiti and concern reports
* ``enkat``      – the survey, per respondent group
* ``webb``       – web training

Conventions shared by all modules (docs/DESIGN.md, "Missing is not zero"):
counts are pandas ``Int64`` where ``pd.NA`` means "uppgift saknas" and 0 means zero;
shares are ``Float64`` in 0–1; keys are vocabulary keys (``vbe_lib.parametrar.vocab``) with a
Swedish label column ``etikett`` where a function returns categories.
"""

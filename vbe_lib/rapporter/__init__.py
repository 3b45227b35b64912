"""One module per report: :mod:`.lagesbild`, :mod:`.uppfoljning`, :mod:`.sammanstallning`.
Each turns the dataset of one committee and plan year into displayable parts
(Markdown, ``Tabell``, ``Figur``) that its thin notebook in ``notebooks/`` shows."""

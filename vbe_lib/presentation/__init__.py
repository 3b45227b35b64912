"""How figures are shown: number formats (:mod:`.fmt`), generated Swedish sentences
(:mod:`.text`), accessible tables (:mod:`.tables`) and charts (:mod:`.charts`)."""

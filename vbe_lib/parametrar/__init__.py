"""The municipality's configuration: ``parameters/kommun.yml`` and ``parameters/namnder/*.yml``
(:mod:`.konfiguration`) and the vocabularies of accepted spellings (:mod:`.vocab`)."""

"""The build: Papermill batch (:mod:`.batch`), incremental-build manifest (:mod:`.manifest`),
kernel fork server (:mod:`.karnserver`) with its stdlib-only client (:mod:`.karnklient`),
and the workers' preload module (:mod:`.arbetarstart`)."""

# vbe_lib: reproducible VBE reports

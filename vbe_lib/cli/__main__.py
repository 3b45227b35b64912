from vbe_lib.cli import main

main()

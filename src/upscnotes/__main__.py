from upscnotes.cli import main

main()

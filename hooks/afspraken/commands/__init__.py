"""One module per `afspraken` subcommand."""

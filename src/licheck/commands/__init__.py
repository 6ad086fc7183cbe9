"""One module per command (or group of commands): each parses its options, calls the core, and
hands the result to a reporter. `licheck.cli` registers them and maps outcomes to exit codes."""

"""One module per command (or group of commands): each parses its options, calls the core, and
hands the result to a reporter. `licheck.cli` registers them and maps outcomes to exit codes.

Imports: a command imports what it needs inside the command function, never at the top of its
module, so a run pays only for the command it runs (start-up is the product's speed: the JSON
answer of `licheck model` loads no rich, YAML, schema, scanner or evidence reader;
tests/test_architecture.py checks it). Elsewhere in licheck an import inside a function is the
exception, and each one is named with its reason in tests/test_architecture.py (`LAZY`).
"""

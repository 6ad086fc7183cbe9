"""Plain files in and out: YAML with lines, the schema check, atomic writes."""

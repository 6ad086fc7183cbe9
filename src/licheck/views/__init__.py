"""Pure shapes for reporters: matrices, lineage graphs, lists, lint and counts."""

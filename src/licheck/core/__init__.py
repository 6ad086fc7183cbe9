"""The domain and its decisions, pure: types, codes, errors, names, the engine, findings."""

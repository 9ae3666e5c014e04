"""The spec toolchain: load the split spec, lint, validate, bundle and generate."""

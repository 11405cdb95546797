"""The base every stage stands on: the input schema, the typed model, the
classification catalogues, number formatting, errors, profile loading, the one
Jinja environment and safe file output. Imports nothing of the pipeline."""

"""The MkDocs side of the site: one plugin (`plugin.AfsprakenPlugin`) and the small modules it calls.

The `afspraken` package (load, validate, model, diff, views) knows nothing of MkDocs; this one knows
MkDocs and nothing of the YAML.
"""

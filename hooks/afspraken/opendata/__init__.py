"""Open data for the whole site: flat datasets, the catalogue, the data package, DCAT metadata and stable addresses.

One module one job: `instellingen` (licence and publisher, from one place), `tabellen` (what every dataset
holds, as rows), `schrijven` (CSV and JSON, streaming), `datapakket` (the Frictionless descriptor),
`catalogus` (every werkgebied and version), `dcat` (DCAT-AP-NL for data.overheid.nl), `adressen`
(`/<werkgebied>/geldend/` and `/id/<identifier>/`) and `publiceer` (writes it all into the built site).
Nothing here knows MkDocs: the build hook passes in the archief, a folder and the settings.
"""

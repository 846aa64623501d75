"""Legal-document standards: Akoma Ntoso 3.0 export and import, ELI-style identifiers, schema.org JSON-LD."""

"""Everything the quality system expects of a person: collected from every reminder source."""

"""The renderer of the AI bill of materials: CycloneDX."""

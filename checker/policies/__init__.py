"""The policy engine: packs of policies written as data (`packs`), compiled once (`compile`,
`conditions`), evaluated per declaration (`engine`) into findings."""

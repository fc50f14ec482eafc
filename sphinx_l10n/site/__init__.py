"""Building the localized sites: Sphinx run per language and target (runner, server), the build's
folders, its targets, the PDFs, the manifests of what was built, and the assembled site."""

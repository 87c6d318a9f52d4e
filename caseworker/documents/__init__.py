"""Output formats: partner manifests (XLSX/CSV); letters are added alongside."""

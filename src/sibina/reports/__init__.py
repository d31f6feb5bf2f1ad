"""Read-side outputs: spreadsheets and (later) reports built from what the stages stored."""

"""The governance board's side: its channels, who may decide, and what its buttons do."""

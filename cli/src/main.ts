// The charts-vibe CLI entry point (being written).

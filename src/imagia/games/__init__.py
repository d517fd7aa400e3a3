"""Games after launch: telemetry, simulator, ratings, matchmaking, cheats, moderation."""

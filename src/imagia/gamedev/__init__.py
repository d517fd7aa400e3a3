"""Game creation: a reference tile game, procedural levels with playability proofs, test bots."""

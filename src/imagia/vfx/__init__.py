"""VFX, animation and restoration: restoration chains, colour match LUTs, mattes, motion capture."""

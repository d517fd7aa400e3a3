"""Tool declarations: which use case each tool of imagia implements (metadata only)."""

"""Writing and game-design assistants on the local language model, grounded in the project's
own files (screenplay, bible, game design document) and citing them."""

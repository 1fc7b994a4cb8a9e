"""The typed maps and the words every step speaks: the model, diagnostics, ids, emotion
arithmetic and how map text is written out."""

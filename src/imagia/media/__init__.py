"""Media: probing, decoding helpers around ffmpeg."""

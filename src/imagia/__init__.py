"""imagia: the CNC/BearingPoint map of AI in cinema, audiovisual and games, made executable."""

__version__ = "0.1.0"

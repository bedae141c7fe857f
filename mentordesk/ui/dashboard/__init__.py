"""The home screen: figures, flags and the monitoring settings."""

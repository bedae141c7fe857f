"""The documents screen: agreements, reports and the programme settings they print."""

"""MentorDesk: run a small mentoring programme from one offline laptop."""

__version__ = "0.1.0"
APP_NAME = "MentorDesk"

"""Monitoring and support: commitments, check-in schedule, flags, dashboard figures and
closure analysis. Plain Python over the store; no Qt."""

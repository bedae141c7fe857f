"""Privacy: the audit trail read back, erasure, a person's own data, retention."""

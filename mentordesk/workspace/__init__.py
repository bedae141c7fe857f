"""Use-cases of the coordinator's everyday work: plain Python over the store, no Qt."""

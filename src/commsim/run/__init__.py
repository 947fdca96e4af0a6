"""Running the model: one run, a live model, and the warm start shared by a replication's runs."""

"""Developer tools beside the runtime: the demo-data generator and the benchmark."""

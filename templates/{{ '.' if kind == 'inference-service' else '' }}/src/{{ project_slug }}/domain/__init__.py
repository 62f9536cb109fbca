"""What the service is about, free of transports and runtimes: tensors, models, errors."""

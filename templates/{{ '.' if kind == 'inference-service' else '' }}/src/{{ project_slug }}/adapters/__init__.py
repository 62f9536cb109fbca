"""Implementations of the service's ports: onnxruntime, the model store, metrics, logs."""

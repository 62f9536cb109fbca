"""Thin transports over the one core: REST (FastAPI), gRPC (grpcio), and the process main."""

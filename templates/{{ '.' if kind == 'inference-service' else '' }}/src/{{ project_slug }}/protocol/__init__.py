"""Code generated from proto/grpc_predict_v2.proto by `make proto`; do not edit."""

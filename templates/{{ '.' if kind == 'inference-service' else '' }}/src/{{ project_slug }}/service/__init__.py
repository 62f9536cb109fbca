"""Use cases: validate and run an inference, admit or refuse load, track readiness."""

"""`python -m generator` runs the takehome CLI."""

from generator.cli import app

app(prog_name="takehome")

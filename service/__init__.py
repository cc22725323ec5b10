"""The HTTP API of the service: REST, server-sent events and an OpenAI-compatible chat endpoint.

A front end like the Gradio app: it calls the Python API (``Assistant``) and never imports the UI.
``app.py`` mounts the UI on the FastAPI app built here.
"""

from service.api import create_api

__all__ = ["create_api"]

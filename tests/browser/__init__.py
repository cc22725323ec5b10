"""Support for the tests that drive the real Gradio app (over HTTP and in Chromium)."""

"""The web face: a FastAPI app with server-rendered pages, a JSON API and the browser player."""

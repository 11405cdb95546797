"""``reportgen serve``: the local web page for clerks (app.py), its worker
functions (work.py) and the server (server.py)."""

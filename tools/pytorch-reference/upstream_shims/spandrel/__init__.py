"""Stand-in for the spandrel package root, so that single architecture files of a spandrel
checkout import without the rest of it (check_upstream.py adds the checkout's architectures
folder to spandrel.architectures' path)."""

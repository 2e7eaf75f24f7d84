"""One router per feature; each module builds a fresh router (see `get_routers`)."""

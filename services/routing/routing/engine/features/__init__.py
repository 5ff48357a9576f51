"""One module per calling feature; each takes a Walk and answers a Plan (or a fact the router needs)."""

"""One module per lesson notebook in notebooks/, named after it."""

"""One module per exercise notebook in exercises/, named after it (2-2-tender-lab -> tender_lab)."""

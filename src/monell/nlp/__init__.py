"""Language analysis stages: passages, dates, document types."""

"""Evidence that the record is complete and unaltered: digests, verification, exports."""

"""Attendance: who attended which course session, read from rosters, sign-in sheets and
training transcripts, and each officer's training on each topic as of the incident date."""

"""Support code every stage may use: the on-disk cache, the worker pool, the
spool a report is kept in, data files, the fast schema check and counted words."""

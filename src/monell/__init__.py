"""monell: an offline discovery-document analyzer for Monell failure-to-train claims.

The public verbs are re-exported here so that notebooks and scripts can use the
library without the CLI.
"""

from monell.app.workspace import init_case, open_case
from monell.ingest.run import ingest_paths

__version__ = "0.1.0"

__all__ = ["__version__", "ingest_paths", "init_case", "open_case"]

"""The Django example project. In a checkout, coatcheck_client is found next door without
installing it (a real project installs the package instead)."""

import sys
from pathlib import Path

_client = Path(__file__).resolve().parents[3] / "clients" / "python"
if _client.is_dir() and str(_client) not in sys.path:
    sys.path.insert(0, str(_client))

"""Top-level pytest setup: cooperative I/O for nameko, before anything opens a socket."""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()

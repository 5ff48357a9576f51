"""Top-level pytest setup: cooperative I/O for nameko, before anything opens a socket."""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()

import os  # noqa: E402

# Test-only secret for what services key with RELAIS_SECRETS_KEY when a test writes outside a running service
# (routing's authorization-code hashes); services under test get theirs from the plugin's platform_config.
os.environ.setdefault("RELAIS_SECRETS_KEY", "bjFPQqDaLJp2-VtUZp7kvy53DY5bxGmkuS7vP8Kd4Hw=")

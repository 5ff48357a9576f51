"""``python -m media.worker --name worker-0 --port 5070 --database-url ... --routing-url ...``"""

from media.worker.app import main
from media.worker.settings import parse

main(parse())

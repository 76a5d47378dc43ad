import sys

from jejaring.cli import main

sys.exit(main())

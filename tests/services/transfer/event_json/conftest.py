"""Fixtures the event JSON tests share: the judged event file (``rich``, built by
test_judging.py) and the one with certificates (``certified``, test_certificates.py)."""

from tests.services.transfer.event_json.test_certificates import certified  # noqa: F401
from tests.services.transfer.event_json.test_judging import rich  # noqa: F401

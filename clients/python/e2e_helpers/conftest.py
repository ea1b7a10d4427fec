"""Django with CoatcheckMiddleware against a real ``coatcheck serve`` (started by
test/python/helpers-live.test.ts, which passes its URL and key). A missing variable is an error
here, never a skip."""

import os
import sys

import django
from django.conf import settings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.urandom(32).hex(),
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF="site_views",
    INSTALLED_APPS=[],
    MIDDLEWARE=["coatcheck_client.django.CoatcheckMiddleware"],
    COATCHECK={"SERVICE_URL": os.environ["COATCHECK_SERVICE_URL"], "SERVICE_KEY": os.environ["COATCHECK_SERVICE_KEY"]},
    LOGGING_CONFIG=None,
)
django.setup()

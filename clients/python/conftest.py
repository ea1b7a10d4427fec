# Puts this folder on sys.path so the tests import coatcheck_client without installing it.

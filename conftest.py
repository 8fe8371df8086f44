import os

# Tests run with the development secret key; settings refuse it unless DEBUG is set.
os.environ.setdefault("DEBUG", "true")

import os

# Before Django's settings load: test mode allows a local secret key and plain-HTTP cookies.
os.environ.setdefault("YHTEISPOLKU_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

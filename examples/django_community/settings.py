"""The smallest Django settings that hold neighborly communities in a database."""

SECRET_KEY = "example-only"  # noqa: S105 - an example project, never deployed
INSTALLED_APPS = ["examples.django_community"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

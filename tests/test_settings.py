"""Settings come from the environment; a malformed value stops the process with a clear message."""

import os
import subprocess
import sys

import pytest


def _run(env_overrides, *args):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "chuyende.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "perhaps", "DEBUG must be true or false, not 'perhaps'"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/x", "DATABASE_URL must name sqlite:// or postgres://"),
        ("DATABASE_URL", "not a url", "DATABASE_URL"),
        ("CHUYENDE_TASKS", "celery", "CHUYENDE_TASKS must be 'immediate', 'database' or 'rq'"),
        ("CHUYENDE_TASKS", "rq", "CHUYENDE_TASKS=rq needs CHUYENDE_REDIS_URL"),
        ("CHUYENDE_REDIS_URL", "127.0.0.1:6379", "CHUYENDE_REDIS_URL must start with redis://"),
        ("DATABASE_REPLICA_URL", "postgres://postgres@127.0.0.1/x", "must name the same kind of database"),
    ],
)
def test_malformed_environment_fails_at_start(tmp_path, name, value, message):
    result = _run(
        {
            name: value,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "CHUYENDE_HOME": str(tmp_path),
        },
        "check",
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_rq_engine_settings_pass_the_system_check(tmp_path):
    env = {
        "CHUYENDE_TASKS": "rq",
        "CHUYENDE_REDIS_URL": "redis://127.0.0.1:6379/9",
        "CHUYENDE_HOME": str(tmp_path),
    }
    result = _run(
        env, "shell", "-c", "from django.conf import settings; print(settings.TASKS, settings.CACHES)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "{'default': {'BACKEND': 'django_tasks_rq.RQBackend'}} {'default': {'BACKEND': "
        "'django.core.cache.backends.redis.RedisCache', 'LOCATION': 'redis://127.0.0.1:6379/9', "
        "'KEY_PREFIX': 'chuyende'}}"
    )
    assert _run(env, "check").returncode == 0


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _run(
        {
            "CHUYENDE_PRODUCTION": "true",
            "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
            "ALLOWED_HOSTS": "chuyende.example.vn",
            "CHUYENDE_HOME": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _run({"CHUYENDE_PRODUCTION": "true", "SECRET_KEY": "", "CHUYENDE_HOME": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too short or too simple for production"),
        ({"SECRET_KEY": "a" * 60}, "SECRET_KEY is too short or too simple for production"),
        ({"DEBUG": "true"}, "DEBUG must be false when CHUYENDE_PRODUCTION is true"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name the site's hosts, not '*', in production"),
        ({"CHUYENDE_AUDIT_KEY": "not-a-key"}, "CHUYENDE_AUDIT_KEY must be 32 bytes in base64url"),
    ],
)
def test_production_refuses_to_start_on_unsafe_settings(tmp_path, overrides, message):
    env = {
        "CHUYENDE_PRODUCTION": "true",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
        "ALLOWED_HOSTS": "chuyende.example.vn",
        "CHUYENDE_HOME": str(tmp_path),
        **overrides,
    }
    result = _run(env, "check")
    assert result.returncode != 0
    assert message in result.stderr

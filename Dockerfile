# AMU Pay API: gunicorn serving amu_pay.wsgi on port 8000.
# Configuration comes from the environment at run time: docs/configuration.md.
# Migrations are a release step, not part of start-up:
#   docker run --rm --env-file prod.env amupay python manage.py migrate --noinput
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install --no-compile -r requirements.txt

RUN groupadd --system --gid 10001 amupay \
    && useradd --system --uid 10001 --gid amupay --home-dir /app \
        --shell /usr/sbin/nologin amupay

COPY . .

# DEBUG off refuses to start without SECRET_KEY. This throwaway key exists only
# for this one command (collectstatic signs nothing) and is not kept in the
# image's environment; the real key is given at run time.
RUN DEBUG=0 SECRET_KEY=collectstatic-build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/outbox \
    && chown -R amupay:amupay /app/var

USER amupay

ENV DEBUG=0

EXPOSE 8000

# Workers: WEB_CONCURRENCY, else 2 x CPUs + 1. More gunicorn options can be
# given in GUNICORN_CMD_ARGS (gunicorn reads it itself).
CMD ["sh", "-c", "exec gunicorn amu_pay.wsgi --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-$((2 * $(nproc) + 1))}\" --timeout \"${GUNICORN_TIMEOUT:-30}\" --access-logfile - --error-logfile -"]

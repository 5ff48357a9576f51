# syntax=docker/dockerfile:1
# One image for the whole platform. Each container runs one service with `relais run-service <name>`
# (see docker-compose.yml and deploy/k8s/); with no command it runs `relais up` (every service in one container,
# with embedded PostgreSQL and bus when none is configured).
FROM python:3.11-slim

# RELAIS_GATEWAY_HTTP only serves the default `relais up`: it publishes the portal outside the container (the
# default is 127.0.0.1). Compose and Kubernetes set RELAIS_<NAME>_HTTP=0.0.0.0:8000 for each one-service container.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    RELAIS_GATEWAY_HTTP=0.0.0.0:8080

# A fixed numeric uid, so Kubernetes can check runAsNonRoot without looking the name up.
RUN groupadd --system --gid 10001 relais \
 && useradd --system --uid 10001 --gid relais --home-dir /app --no-create-home --shell /usr/sbin/nologin relais

WORKDIR /app
COPY . /app

# The same package list as the Makefile's PACKAGES, pinned by constraints.txt. The code stays owned by root:
# the service user can read it, not change it. Only var/ (embedded PostgreSQL of `relais up`) is writable.
RUN pip install -c constraints.txt \
        -e kit \
        -e services/accounts \
        -e services/routing \
        -e services/media \
        -e services/billing \
        -e services/transcription \
        -e services/gateway \
        -e . \
 && pip check \
 && python -m compileall -q kit/relais_kit relais services \
 && mkdir -p /app/var \
 && chown relais:relais /app/var

USER 10001:10001

# 8000: one service's health, metrics (and, for the gateway, portal and API). 8080: the portal under `relais up`.
EXPOSE 8000 8080

CMD ["relais", "up"]

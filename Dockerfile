# DeskBridge in a container: built with the Swift toolchain, run on a slim Debian with libcurl.
#
#   docker build -t deskbridge .
#   docker run --rm -p 8080:8080 deskbridge            # the shipped config.yaml (its demo shop is not here)
#   docker run --rm -p 8080:8080 -v $PWD/prod:/etc/deskbridge:ro \
#       -e DESKBRIDGE_ADMIN_TOKEN=… deskbridge serve --config /etc/deskbridge/config.yaml
#
# Reference: docs/operations.md.

# ---- Build: the Swift toolchain, libcurl's headers, a release build of the production product
# only (not deskbridge-sandbox, the demo's simulated shop), with Swift's libraries linked in
# statically (so the runtime image needs no Swift toolchain).
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4-openssl-dev libhiredis-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
# The panel app's pages and scripts and the OpenAPI document served at /openapi.json (resource
# bundles) are looked up beside the executable; without the document the gateway does not start.
RUN swift build -c release --static-swift-stdlib --product deskbridge \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/deskbridge" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)/deskbridge_PanelApp.resources" /staging/ \
    && cp -R "$(swift build -c release --show-bin-path)/deskbridge_Server.resources" /staging/

# ---- Run: libcurl (with its CA certificates), hiredis (shared: in config.yaml), curl for the health
# check, an unprivileged user.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4 libhiredis0.14 curl ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin deskbridge
WORKDIR /app
COPY --from=build /staging/ /app/
COPY config.yaml /etc/deskbridge/config.yaml
COPY adapters /etc/deskbridge/adapters
# The bot's operator bindings (config.yaml's bindingsFile) live in DESKBRIDGE_STATE_DIR: mount a
# volume there to keep them across container restarts.
RUN mkdir -p /var/lib/deskbridge && chown deskbridge /var/lib/deskbridge
USER deskbridge
ENV DESKBRIDGE_HOST=0.0.0.0 \
    DESKBRIDGE_LOG_FORMAT=json \
    DESKBRIDGE_STATE_DIR=/var/lib/deskbridge
EXPOSE 8080
# SIGTERM drains in-flight requests (server.drainTimeout) before the process exits.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["/app/deskbridge"]
CMD ["serve", "--config", "/etc/deskbridge/config.yaml"]

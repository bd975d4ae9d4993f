# syntax=docker/dockerfile:1
# lede-server in a container: a release build on the Rust image, run on Debian slim as a
# non-root user with its corpus on the /data volume.
#
#   docker build -t lede-server .
#   docker run --rm -p 50051:50051 -v lede-data:/data lede-server
#
# The default command binds 0.0.0.0 with --allow-unauthenticated, because a non-loopback
# address without --auth-tokens is refused otherwise. For anything reachable by others, give
# the server tokens (and TLS) instead, replacing the command:
#
#   docker run --rm -p 50051:50051 -v lede-data:/data \
#     -v "$PWD/secrets:/run/secrets/lede:ro" lede-server \
#     --addr 0.0.0.0:50051 --data-dir /data --auth-tokens /run/secrets/lede/tokens \
#     --tls-cert /run/secrets/lede/server.pem --tls-key /run/secrets/lede/server.key
#
# Every flag can also come from the environment (LEDE_ADDR, LEDE_AUTH_TOKENS, ...) or a
# --config TOML file; `docker run --rm lede-server --help` lists them.

FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
# The registry and target caches survive between builds (BuildKit), so a change to lede
# recompiles lede, not its dependencies; the binary is copied out of the cached target dir.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p lede-server \
    && cp target/release/lede-server /usr/local/bin/lede-server

FROM debian:bookworm-slim
# A fixed uid, so that a bind-mounted data directory can be chowned to it on the host.
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin lede \
    && mkdir /data && chown lede:lede /data
COPY --from=build /usr/local/bin/lede-server /usr/local/bin/lede-server
# Numeric, so that a runtime that must check "not root" (Kubernetes runAsNonRoot) can.
USER 10001:10001
VOLUME /data
# gRPC (and gRPC-Web with --grpc-web). Metrics are off unless --metrics-addr 0.0.0.0:9090
# is added to the command (then publish that port too).
EXPOSE 50051
# lede-server stops gracefully on SIGTERM (docker stop): in-flight requests finish, and
# every acknowledged write is already on disk.
STOPSIGNAL SIGTERM
ENTRYPOINT ["lede-server"]
# Secure by default: a container listens on 0.0.0.0, so it needs tokens (mounted as a file or a
# secret); without them it stops at start and says why. The README shows both ways to run it.
CMD ["--addr", "0.0.0.0:50051", "--data-dir", "/data", "--auth-tokens", "/run/secrets/lede/tokens"]

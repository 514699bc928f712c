# One image for the PortTrack Node services (api, exporters, notifier, synthetics runner);
# the stack picks the entry point per service. Node 24, non-root, no secrets baked in.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY lib ./lib
COPY api ./api
COPY exporters ./exporters
COPY notifier ./notifier
COPY synthetics ./synthetics
COPY dashboards-src/refs.ts ./dashboards-src/refs.ts
ARG VERSION=dev
ENV PORTTRACK_VERSION=$VERSION
USER node
# tsx runs the TypeScript sources as they are tested; the service is chosen by the stack's command.
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["api/main.ts"]

# One image for the PortTrack Node services (api, exporters, notifier, synthetics runner); the
# stack picks the entry point per service. Node 24, non-root, production dependencies only, no
# TypeScript loader at run time: the sources are compiled to JavaScript in the build stage.
# NODE_IMAGE lets a machine without a registry build from a local stand-in (stack/images/node).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY lib ./lib
COPY api ./api
COPY exporters ./exporters
COPY notifier ./notifier
COPY synthetics ./synthetics
# Compile, carry the SQL migrations and package.json beside the JavaScript, then drop dev deps.
RUN npx tsc -p tsconfig.build.json \
 && find api notifier -name '*.sql' -exec cp --parents {} dist/ \; \
 && cp package.json dist/ \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./
ARG VERSION=dev
ENV PORTTRACK_VERSION=$VERSION
USER node
# Each service answers /healthz on its PORT (the API on 3000 by default); the stack sets its own
# healthcheck per service, this one covers a plain `docker run`.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||process.env.NOTIFIER_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node"]
CMD ["api/main.js"]

# The aro-aks-audit CLI as a container image, for scheduled audits (docs/scheduling.md).
#   docker build -t aro-aks-audit .
#   docker run --rm -v "$PWD/out:/out" aro-aks-audit --subscription <id> --out /out
# Node 24 runs the TypeScript sources directly (type stripping): there is no build step.

FROM node:24-bookworm-slim AS install
WORKDIR /app
# The pnpm version the repository pins (tools/package.json); corepack is not used (see ./run).
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY packages/auditor/package.json packages/auditor/
COPY packages/rules/package.json packages/rules/
COPY packages/cli/package.json packages/cli/
# Runtime dependencies only: the emulator, browser and benchmark packages are development ones.
RUN pnpm install --frozen-lockfile --prod
# The three production packages only: packages/testing and packages/azure-emulator are test tooling.
COPY packages/auditor packages/auditor
COPY packages/rules packages/rules
COPY packages/cli packages/cli

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=install /app /app
# The image's unprivileged user; reports go to a mounted directory it can write (--out /out).
USER node
WORKDIR /out
ENTRYPOINT ["node", "--max-semi-space-size=2", "/app/packages/cli/src/bin.js"]
CMD ["--help"]

# gemini-balance on Eclipse Temurin's JRE 17, built from this checkout:
#
#   docker build -t gemini-balance .
#   docker run -d -p 8000:8000 -v gemini-balance-data:/opt/gemini-balance/data \
#     -e API_KEYS='["your-gemini-api-key"]' -e ALLOWED_TOKENS='["sk-choose-a-token"]' gemini-balance
#
# The image module builds the same image with Jib and no Docker daemon; its DockerfileIT checks that the
# two agree. docs/container.md has both ways, the settings and the volume.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The Maven wrapper's Maven and the dependencies it fetches stay in a build cache from one build to the next.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests -pl dist -am package

FROM eclipse-temurin:17-jre
COPY --from=build /src/dist/target/gemini-balance/ /opt/gemini-balance/
# Key states go to ./data. Its owner, and any user id in group 0 (as OpenShift runs images), may write it;
# a new volume starts as a copy of it, owner and mode included.
RUN install -d -o 10001 -g 0 -m 775 /opt/gemini-balance/data
# lib/ is not writable, so the launcher writes no class data sharing archive; off says so, also for root.
ENV GEMINI_BALANCE_CDS=off
WORKDIR /opt/gemini-balance
USER 10001:0
EXPOSE 8000
VOLUME /opt/gemini-balance/data
# /health answers without a token. curl comes with Temurin's Ubuntu images, and -f makes an error status
# a failure. PORT counts here only when it is set in the environment (-e PORT=...), not in a .env file.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8000}/health" || exit 1
ENTRYPOINT ["/opt/gemini-balance/bin/gemini-balance"]
CMD ["serve"]

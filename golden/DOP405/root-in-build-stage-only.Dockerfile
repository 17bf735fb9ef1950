FROM debian:bookworm-slim AS build
USER root
RUN make
FROM debian:bookworm-slim
USER 10001
CMD ["app"]
